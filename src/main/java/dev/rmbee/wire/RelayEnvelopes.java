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

    /**
     * Code of the error a requester gets when its request expired before the relay could deliver
     * it: 102, what the receiving peer answers in the reference (where the relay delivers expired
     * envelopes and leaves the check to the receiver), so callers see the same code either way.
     */
    public static final int EXPIRED_CODE = 102;

    /** Text of that error; it starts with the reference relay's own text for an expired envelope. */
    public static final String EXPIRED_MESSAGE = "message has expired before it could be delivered";

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
        return error(uid, destination, 0, message, now);
    }

    /**
     * The error reply to a request whose TTL ran out before it was delivered: like {@link #error}
     * but with code {@value #EXPIRED_CODE} and {@value #EXPIRED_MESSAGE}.
     */
    public static Envelope expired(String uid, SessionKey destination, long now) {
        return error(uid, destination, EXPIRED_CODE, EXPIRED_MESSAGE, now);
    }

    private static Envelope error(String uid, SessionKey destination, int code, String message, long now) {
        return Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(now)
                .setExpiration(ERROR_EXPIRATION)
                .setDestination(destination.toAddress())
                .setError(Error.newBuilder().setCode(code).setMessage(message))
                .build();
    }
}
