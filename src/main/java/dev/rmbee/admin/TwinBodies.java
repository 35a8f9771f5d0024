package dev.rmbee.admin;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;

/** Request bodies of the twin API: one JSON object and nothing else (any encoding JSON allows). */
final class TwinBodies {

    private TwinBodies() {}

    static JsonObject object(byte[] body) {
        String expected = "the request body must be a twin as a JSON object";
        if (body == null || body.length == 0) {
            throw AdminException.badRequest(expected);
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw AdminException.badRequest(expected);
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw AdminException.badRequest("malformed JSON: more content after the twin object");
            }
            return object;
        } catch (JsonException e) {
            throw AdminException.badRequest("malformed JSON: " + e.getMessage());
        }
    }
}
