package dev.rmbee.chain.rpc;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON and hex forms of the wire: requests, parsed messages, {@code "0x…"} byte strings. */
final class RpcJson {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of());
    private static final HexFormat HEX = HexFormat.of();

    private RpcJson() {}

    static String request(long id, String method, List<JsonValue> params) {
        JsonArrayBuilder array = BUILDERS.createArrayBuilder();
        params.forEach(array::add);
        return BUILDERS.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("id", id)
                .add("method", method)
                .add("params", array)
                .build()
                .toString();
    }

    /** The message as a JSON object, or empty when it is not one. */
    static Optional<JsonObject> parseObject(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject object ? Optional.of(object) : Optional.empty();
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    static JsonString string(String text) {
        return JSON.createValue(text);
    }

    static JsonValue number(long value) {
        return JSON.createValue(value);
    }

    /** {@code "0x"} and the lower-case hex of {@code bytes}. */
    static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    static JsonString hexValue(byte[] bytes) {
        return string(hex(bytes));
    }

    /**
     * The bytes of a {@code "0x…"} string.
     *
     * @throws IllegalArgumentException when it has no {@code 0x} or is not hex
     */
    static byte[] unhex(String text) {
        if (!text.startsWith("0x")) {
            throw new IllegalArgumentException("not 0x-prefixed hex: " + brief(text));
        }
        return HEX.parseHex(text, 2, text.length());
    }

    /** A value as text for a message: a string's own value, other values as JSON, at most 200 chars. */
    static String text(JsonValue value) {
        return brief(value instanceof JsonString string ? string.getString() : value.toString());
    }

    static String brief(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
