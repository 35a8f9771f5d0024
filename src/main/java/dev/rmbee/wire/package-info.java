/**
 * The envelope wire rules, independent of any transport: session addresses, the signature
 * challenge, envelope signing, time ({@code stamp}/{@code ttl}), uids, and the envelopes the relay
 * builds itself (Pong, errors). The protobuf classes are generated into {@code dev.rmbee.wire.proto}.
 */
package dev.rmbee.wire;
