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
        StringBuilder identity = new StringBuilder();
        field(
                identity,
                envelope.hasSource() ? SessionKey.of(envelope.getSource()).toString() : "-");
        field(
                identity,
                envelope.hasDestination()
                        ? SessionKey.of(envelope.getDestination()).toString()
                        : "-");
        field(identity, Integer.toString(envelope.getMessageCase().getNumber()));
        field(identity, envelope.getUid());
        ByteBuffer digest = ByteBuffer.wrap(sha256(identity.toString().getBytes(StandardCharsets.UTF_8)));
        return new ReplayKey(digest.getLong(), digest.getLong());
    }

    /** Each field with its length first, so no choice of sid or uid makes two envelopes' fields run together. */
    private static void field(StringBuilder identity, String value) {
        identity.append(value.length()).append(':').append(value).append('|');
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
