package dev.rmbee.wire;

import com.google.protobuf.ByteString;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte string an envelope signature covers (wire.md §4): fields concatenated in a fixed order,
 * numbers as unsigned decimal text, optional strings only when present, payload as raw bytes. The
 * signature is made over the MD5 digest of this challenge, never over the protobuf bytes.
 */
public final class EnvelopeChallenge {

    private EnvelopeChallenge() {}

    /** The challenge as the reference builds it, including the deprecated {@code relays}. */
    public static byte[] bytes(Envelope envelope) {
        return bytes(envelope, true);
    }

    /**
     * The challenge, with or without the deprecated {@code relays} entries: some clients sign
     * without them, so a verifier may retry with {@code includeRelays = false}.
     */
    @SuppressWarnings("deprecation") // federation and relays are deprecated but still signed
    public static byte[] bytes(Envelope envelope, boolean includeRelays) {
        Buffer out = new Buffer(128 + payloadSize(envelope));
        out.text(envelope.getUid());
        if (envelope.hasTags()) {
            out.text(envelope.getTags());
        }
        out.text(Long.toUnsignedString(envelope.getTimestamp()));
        out.text(Long.toUnsignedString(envelope.getExpiration()));
        address(out, envelope.hasSource(), envelope.getSource());
        address(out, envelope.hasDestination(), envelope.getDestination());
        switch (envelope.getMessageCase()) {
            case REQUEST -> out.text(envelope.getRequest().getCommand());
            case ERROR -> {
                out.text(Integer.toUnsignedString(envelope.getError().getCode()));
                out.text(envelope.getError().getMessage());
            }
            default -> {
                // response, ping, pong and no message contribute nothing
            }
        }
        if (envelope.hasSchema()) {
            out.text(envelope.getSchema());
        }
        if (envelope.hasFederation()) {
            out.text(envelope.getFederation());
        }
        switch (envelope.getPayloadCase()) {
            case PLAIN -> out.bytes(envelope.getPlain());
            case CIPHER -> out.bytes(envelope.getCipher());
            default -> {
                // no payload
            }
        }
        if (includeRelays) {
            for (int i = 0; i < envelope.getRelaysCount(); i++) {
                out.text(envelope.getRelays(i));
            }
        }
        return out.toByteArray();
    }

    /** MD5 of the reference challenge: the 16 bytes that are actually signed. */
    public static byte[] digest(Envelope envelope) {
        return md5(bytes(envelope, true));
    }

    public static byte[] md5(byte[] challenge) {
        try {
            return MessageDigest.getInstance("MD5").digest(challenge);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    private static int payloadSize(Envelope envelope) {
        return switch (envelope.getPayloadCase()) {
            case PLAIN -> envelope.getPlain().size();
            case CIPHER -> envelope.getCipher().size();
            default -> 0;
        };
    }

    private static void address(Buffer out, boolean present, Address address) {
        // an absent Address reads as twin 0 without connection
        out.text(Integer.toUnsignedString(present ? address.getTwin() : 0));
        if (present && address.hasConnection()) {
            out.text(address.getConnection());
        }
    }

    /** ByteArrayOutputStream without the synchronized write path and checked exceptions. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        void text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            write(utf8, 0, utf8.length);
        }

        void bytes(ByteString value) {
            byte[] raw = value.toByteArray();
            write(raw, 0, raw.length);
        }
    }
}
