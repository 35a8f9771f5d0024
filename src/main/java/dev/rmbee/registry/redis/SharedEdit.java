package dev.rmbee.registry.redis;

import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * One administrator's change as the hash {@value RedisAdminTwins#HASH} stores it and the channel
 * {@value RedisAdminTwins#CHANNEL} announces it: {@code {"id":7,"rev":…,"twin":{…}}} (put, the twin
 * in the registry-file format), {@code {"id":7,"rev":…,"deleted":true}}, or, only on the channel (the
 * hash drops the id), {@code {"id":7,"rev":…,"cleared":true}}: the files' twin wins again. The
 * script that writes it puts {@code "id"} and {@code "rev"} in front of the {@link #tail}.
 *
 * @param revision the hash's revision at this change: a later change of any id has a higher one
 * @param twin the twin put; {@code null} for the other kinds
 */
record SharedEdit(int id, long revision, Kind kind, Twin twin) {

    enum Kind {
        PUT,
        DELETED,
        CLEARED
    }

    /** The value's end the writer hands to the script: everything after {@code "rev":…,}. */
    static final String DELETED_TAIL = "\"deleted\":true}";

    static final String CLEARED_TAIL = "\"cleared\":true}";

    static String putTail(Twin twin) {
        return "\"twin\":" + TwinFiles.toJson(twin) + "}";
    }

    static SharedEdit cleared(int id, long revision) {
        return new SharedEdit(id, revision, Kind.CLEARED, null);
    }

    /**
     * Reads a stored or announced value.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static SharedEdit parse(String value) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(value))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        if (!(json.get("id") instanceof JsonNumber id)
                || !id.isIntegral()
                || id.longValue() < 1
                || id.longValue() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("\"id\" must be a twin id");
        }
        if (!(json.get("rev") instanceof JsonNumber rev) || !rev.isIntegral() || rev.longValue() < 1) {
            throw new IllegalArgumentException("\"rev\" must be a positive integer");
        }
        int twinId = (int) id.longValue();
        if (json.get("twin") instanceof JsonObject twin) {
            Twin put = TwinFiles.parseTwin(twin);
            if (put.id() != twinId) {
                throw new IllegalArgumentException("the twin's id is not " + Integer.toUnsignedString(twinId));
            }
            return new SharedEdit(twinId, rev.longValue(), Kind.PUT, put);
        }
        if (json.get("deleted") == JsonValue.TRUE) {
            return new SharedEdit(twinId, rev.longValue(), Kind.DELETED, null);
        }
        if (json.get("cleared") == JsonValue.TRUE) {
            return cleared(twinId, rev.longValue());
        }
        throw new IllegalArgumentException("neither \"twin\", \"deleted\" nor \"cleared\"");
    }
}
