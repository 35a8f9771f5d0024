package dev.rmbee.relay;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.rmbee.wire.EnvelopeTime;
import java.io.IOException;

/**
 * Reads only {@code timestamp} (field 3) and {@code expiration} (field 4) of serialized envelopes,
 * so queued messages can be checked for expiry at delivery without parsing them whole. An envelope
 * with neither (both 0 or absent) has no deadline: it is delivered, as the reference relay delivers
 * everything (only its federation router counts such an envelope as expired).
 */
final class EnvelopeDeadlines {

    private static final int TIMESTAMP = 3;
    private static final int EXPIRATION = 4;

    private EnvelopeDeadlines() {}

    /**
     * True when the envelope's TTL is gone at {@code nowSeconds}; unreadable bytes and an envelope
     * without timestamp and expiration count as not expired.
     */
    static boolean isExpired(byte[] envelope, long nowSeconds) {
        long timestamp = 0;
        long expiration = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(envelope);
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == TIMESTAMP && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    timestamp = in.readUInt64();
                } else if (field == EXPIRATION && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    expiration = in.readUInt64();
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            return false;
        }
        boolean noDeadline = timestamp == 0 && expiration == 0;
        return !noDeadline && EnvelopeTime.isExpired(nowSeconds, timestamp, expiration);
    }
}
