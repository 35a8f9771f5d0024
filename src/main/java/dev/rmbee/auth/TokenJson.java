package dev.rmbee.auth;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a token part (header or claims) as the reference's strict deserializer does: exactly one
 * JSON object and nothing after it, each member at most once; nested values of members nobody
 * asked for are skipped without being built. Any failure of the JSON library on hostile input
 * (depth, number length, anything) is a malformed token, never an escaping exception.
 */
final class TokenJson {

    /** A top-level member's scalar value: its kind and its text exactly as written (numbers unparsed). */
    record Member(Event kind, String text) {

        boolean isNull() {
            return kind == Event.VALUE_NULL;
        }
    }

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private TokenJson() {}

    /**
     * The object's top-level members; nested objects and arrays appear with kind
     * {@link Event#START_OBJECT} / {@link Event#START_ARRAY} and no text.
     *
     * @throws AuthenticationException (401) when {@code text} is not exactly one JSON object
     */
    static Map<String, Member> members(String text, String what) throws AuthenticationException {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw RelayTokens.malformed(what + " is not a JSON object");
            }
            Map<String, Member> members = new HashMap<>();
            Event event;
            while ((event = parser.next()) == Event.KEY_NAME) {
                String name = parser.getString();
                if (members.put(name, value(parser)) != null) {
                    throw RelayTokens.malformed(what + ": duplicate field `" + name + "`");
                }
            }
            if (event != Event.END_OBJECT || parser.hasNext()) {
                throw RelayTokens.malformed(what + " is not a JSON object");
            }
            return members;
        } catch (RuntimeException e) {
            throw RelayTokens.malformed(what + " is not a JSON object");
        }
    }

    private static Member value(JsonParser parser) {
        Event kind = parser.next();
        switch (kind) {
            case START_OBJECT, START_ARRAY -> skipNested(parser);
            case VALUE_STRING, VALUE_NUMBER -> {
                return new Member(kind, parser.getString());
            }
            default -> {}
        }
        return new Member(kind, null);
    }

    /**
     * Reads past the object or array just started. Not the parser's own skipObject/skipArray:
     * Parsson's loop forever on input that ends inside the skipped value; {@code next()} fails
     * there instead.
     */
    private static void skipNested(JsonParser parser) {
        int depth = 1;
        while (depth > 0) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                default -> {}
            }
        }
    }
}
