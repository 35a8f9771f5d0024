package dev.rmbee.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.JsonObject;
import java.util.List;

/** The entries of the shared envelopes.json, by name. */
public final class EnvelopeVectors {

    private EnvelopeVectors() {}

    public static List<JsonObject> all() {
        return Vectors.load("envelopes.json").getJsonArray("envelopes").getValuesAs(JsonObject.class);
    }

    public static JsonObject vector(String name) {
        return all().stream()
                .filter(entry -> entry.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no envelope vector " + name));
    }

    /** The envelope parsed from the vector's protobuf bytes. */
    public static Envelope envelope(String name) {
        return parse(vector(name));
    }

    public static Envelope parse(JsonObject vector) {
        try {
            return Envelope.parseFrom(Vectors.hex(vector.getString("protobuf_hex")));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("vector " + vector.getString("name") + " does not parse", e);
        }
    }
}
