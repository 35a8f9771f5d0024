/**
 * The peer gateway's connections to its relays (peer.md §3): one WebSocket per relay with a fresh
 * token on each connect, keep-alive, reconnection with capped backoff, and sending through any
 * live connection.
 */
package dev.rmbee.peer.link;
