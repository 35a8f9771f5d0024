/**
 * The Jakarta EE edge: the WebSocket endpoint, the upgrade authentication filter and the CDI bean
 * that builds the plain-Java core from MicroProfile Config. Kept thin: no protocol logic here.
 */
package dev.rmbee.web;
