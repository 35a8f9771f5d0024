package dev.rmbee.federation;

import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies one federated envelope for the replay check: the first 128 bits of the SHA-256
 * of its source session, destination session, kind and uid. The destination is part of it because
 * a peer sends a request to several twins as several envelopes under one uid; the kind, because a
 * response carries its request's uid. Fixed size whatever the uid's length.
 */
public record ReplayKey(long high, long low) {

    /** The key of an envelope. */
    public static ReplayKey of(Envelope envelope) {
        String identity =
                address(envelope.hasSource(), envelope.hasSource() ? SessionKey.of(envelope.getSource()) : null)
                        + "|" + address(envelope.hasDestination(), SessionKey.of(envelope.getDestination()))
                        + "|" + envelope.getMessageCase().getNumber()
                        + "|" + envelope.getUid();
        ByteBuffer digest = ByteBuffer.wrap(sha256(identity.getBytes(StandardCharsets.UTF_8)));
        return new ReplayKey(digest.getLong(), digest.getLong());
    }

    private static String address(boolean present, SessionKey session) {
        return present ? session.toString() : "-";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** 32 lowercase hex digits. */
    public String hex() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(high) + hex.toHexDigits(low);
    }
}
