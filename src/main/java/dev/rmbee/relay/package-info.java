/**
 * The relay's core, free of any container: which sessions are connected here and what happens
 * to each envelope a session sends.
 */
package dev.rmbee.relay;
