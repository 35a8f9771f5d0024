/**
 * Relay authentication: the JWT a twin presents as the raw query string of its WebSocket upgrade,
 * how it is made and how the relay verifies it against the twin registry.
 */
package dev.rmbee.auth;
