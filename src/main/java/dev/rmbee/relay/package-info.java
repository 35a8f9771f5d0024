/**
 * The relay's core, free of any container: which sessions are connected here, what happens to each
 * envelope a session sends, the per-session queues and their delivery to the connections, and the
 * protocol on a twin's socket (one write at a time, confirmation by pong, the overdue-pong and idle rules, the
 * whole-message size cap, a session's opening, replacing and leaving) over the small
 * {@link dev.rmbee.relay.FrameSocket} the container's WebSocket adapter implements.
 */
package dev.rmbee.relay;
