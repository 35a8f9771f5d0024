/**
 * The peer gateway (peer.md): {@link dev.rmbee.peer.PeerGateway} holds one twin identity and serves
 * local programs through the Redis local API ({@code dev.rmbee.peer.bus}, JSON messages of
 * {@code dev.rmbee.peer.api}), sending and receiving envelopes through the relay connections of
 * {@code dev.rmbee.peer.link}. Plain Java: the container only builds and starts it.
 */
package dev.rmbee.peer;
