package dev.rmbee.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;

/**
 * The source and destination twins of an envelope, read from its bytes without parsing the rest:
 * the payload is skipped, not copied, so a queue can tell who sent a 4 MiB envelope for the price of
 * a few varints. Bytes that are not an envelope give what could be read before the damage (0 for
 * the missing parts); nothing is thrown.
 *
 * @param source the source twin, 0 when unset (the relay's own error envelopes) or unreadable
 * @param destination the destination twin, 0 when unset or unreadable
 */
public record EnvelopeParties(int source, int destination) {

    private static final int TWIN_TAG = (Address.TWIN_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_VARINT;

    /** Reads the twins of an envelope's source and destination addresses. */
    public static EnvelopeParties of(byte[] envelope) {
        int source = 0;
        int destination = 0;
        CodedInputStream in = CodedInputStream.newInstance(envelope);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean address = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
                        && (field == Envelope.SOURCE_FIELD_NUMBER || field == Envelope.DESTINATION_FIELD_NUMBER);
                if (address && field == Envelope.SOURCE_FIELD_NUMBER) {
                    source = twinOf(in);
                } else if (address) {
                    destination = twinOf(in);
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException e) {
            // not (entirely) an envelope: what was read so far
        }
        return new EnvelopeParties(source, destination);
    }

    /** The twin of the Address message the stream is at (its length first). */
    private static int twinOf(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int twin = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == TWIN_TAG) {
                twin = in.readUInt32();
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        in.popLimit(limit);
        return twin;
    }
}
