/**
 * The Jakarta EE edge, adapters only: the twins' WebSocket endpoint ({@link dev.rmbee.web.RelayEndpoint},
 * with {@link dev.rmbee.web.WebSocketAdapter} as the relay core's socket), the upgrade authentication
 * filter, the federation ingress resource and the JAX-RS application; the CDI beans that build each
 * capability of the plain-Java core at deployment and produce it by type (registry, Redis, sessions,
 * federation, relay, peer) and stop it in order; and the settings they read from MicroProfile Config.
 * No protocol rule lives here: those are in {@code dev.rmbee.relay} and the other core packages.
 */
package dev.rmbee.web;
