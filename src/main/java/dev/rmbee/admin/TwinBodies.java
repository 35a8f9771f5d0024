package dev.rmbee.admin;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies of the twin API: at most {@code rmb.admin.max-body-bytes} (413 beyond), one JSON
 * object and nothing else (any encoding JSON allows). Whatever the JSON library throws on hostile
 * input (nesting too deep, numbers too long, bytes that are no text) is a 400, never a 500.
 */
final class TwinBodies {

    private static final String EXPECTED = "the request body must be a twin as a JSON object";

    private TwinBodies() {}

    /** Reads at most {@code maxBytes} of {@code body}. */
    static byte[] read(InputStream body, int maxBytes) {
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw AdminException.badRequest("the request body could not be read");
        }
        if (bytes.length > maxBytes) {
            throw new AdminException(413, "the request body is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    static JsonObject object(byte[] body) {
        if (body == null || body.length == 0) {
            throw AdminException.badRequest(EXPECTED);
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw AdminException.badRequest(EXPECTED);
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw AdminException.badRequest("malformed JSON: more content after the twin object");
            }
            return object;
        } catch (AdminException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AdminException.badRequest("malformed JSON: " + shortMessage(e));
        }
    }

    /** The library's message, cut: it can quote the input. */
    private static String shortMessage(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() <= 200 ? message : message.substring(0, 200) + "…";
    }
}
