package dev.rmbee.peer.link;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Ping;
import java.time.Duration;
import java.time.Instant;

/**
 * The envelope Pings a link sends to test its relay end to end (wire.md §9), and recognising the
 * relay's Pongs to them. The relay requires a Ping's source to be the session exactly (the twin,
 * no connection) and checks neither signature nor destination, so the Ping is not signed; its
 * destination is the twin itself, which the relay's Pong (source and destination swapped) keeps.
 * Their uids carry a prefix, so that a Pong that arrives late, even on a later connection (a
 * reference relay queues Pongs like other envelopes), is still known as the link's own.
 */
final class LinkPings {

    static final String UID_PREFIX = "rmb-ee-link-ping-";

    /** A Pong is a Ping plus 11 bytes; anything much larger is not one of ours, and is not parsed. */
    private static final int MAX_PONG_BYTES = 512;

    private LinkPings() {}

    static String newUid() {
        return UID_PREFIX + Uids.next();
    }

    static byte[] ping(int twin, String uid, Instant now, Duration expiration) {
        Address self = Address.newBuilder().setTwin(twin).build();
        return Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(now.getEpochSecond())
                .setExpiration(Math.max(1, expiration.toSeconds()))
                .setSource(self)
                .setDestination(self)
                .setPing(Ping.getDefaultInstance())
                .build()
                .toByteArray();
    }

    /** The uid of {@code message} if it is a Pong to one of the link Pings, else {@code null}. */
    static String ownPongUid(byte[] message) {
        if (message.length > MAX_PONG_BYTES) {
            return null;
        }
        try {
            Envelope envelope = Envelope.parseFrom(message);
            return envelope.getMessageCase() == Envelope.MessageCase.PONG
                            && envelope.getUid().startsWith(UID_PREFIX)
                    ? envelope.getUid()
                    : null;
        } catch (InvalidProtocolBufferException notAnEnvelope) {
            return null; // the peer core decides what to do with it
        }
    }
}
