package dev.rmbee.wire;

import com.google.protobuf.ByteString;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import dev.rmbee.wire.proto.Types.Pong;
import java.nio.charset.StandardCharsets;

/** Envelopes the relay itself produces: the Pong answer to a Ping, and unsigned error replies. */
public final class RelayEnvelopes {

    /** Expiration of relay error replies, in seconds. */
    public static final long ERROR_EXPIRATION = 300;

    private static final ByteString HELLO_WORLD = ByteString.copyFrom("hello world", StandardCharsets.US_ASCII);

    private RelayEnvelopes() {}

    /**
     * The relay's answer to an envelope Ping (wire.md §9): message becomes Pong, source and
     * destination swap (presence kept), {@code hello world} is appended to a plain payload (or
     * becomes the payload); everything else, unknown fields included, is kept as it was.
     */
    public static Envelope pong(Envelope ping) {
        Envelope.Builder pong = ping.toBuilder().setPong(Pong.getDefaultInstance());
        pong.clearSource().clearDestination();
        if (ping.hasDestination()) {
            pong.setSource(ping.getDestination());
        }
        if (ping.hasSource()) {
            pong.setDestination(ping.getSource());
        }
        if (ping.getPayloadCase() == Envelope.PayloadCase.PLAIN) {
            pong.setPlain(ping.getPlain().concat(HELLO_WORLD));
        } else {
            pong.setPlain(HELLO_WORLD);
        }
        return pong.build();
    }

    /**
     * An error reply from the relay (wire.md §10.1): the request's uid, code 0, expiration 300,
     * timestamp now, addressed to {@code destination}; no source, no signature.
     */
    public static Envelope error(String uid, SessionKey destination, String message, long now) {
        return Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(now)
                .setExpiration(ERROR_EXPIRATION)
                .setDestination(destination.toAddress())
                .setError(Error.newBuilder().setCode(0).setMessage(message))
                .build();
    }
}
