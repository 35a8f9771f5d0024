/**
 * The peer's local API messages (peer.md §5): the JSON a local client or service exchanges with the
 * gateway over Redis lists. Reading follows the reference's serde rules exactly (required members,
 * unsigned integers, "string or null" members that may be absent, unknown members ignored, declared
 * members at most once); writing is compact UTF-8 with the members in the specified order, byte
 * for byte what the reference writes.
 */
package dev.rmbee.peer.api;
