package dev.rmbee.chain.rpc;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Reads the values of the node's answers; a value not of the expected shape is an {@link
 * RpcUnavailableException} naming {@code what} (the method or field), as no usable answer came.
 */
final class ChainValues {

    static final int HASH_BYTES = 32;

    private ChainValues() {}

    /** {@code "0x…"} bytes, or empty for null. */
    static Optional<byte[]> bytes(JsonValue value, String what) {
        if (value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString text) {
            try {
                return Optional.of(RpcJson.unhex(text.getString()));
            } catch (IllegalArgumentException e) {
                throw malformed(what, value);
            }
        }
        throw malformed(what, value);
    }

    /** A 32-byte {@code "0x…"} hash, or empty for null. */
    static Optional<byte[]> hash(JsonValue value, String what) {
        Optional<byte[]> hash = bytes(value, what);
        if (hash.isPresent() && hash.get().length != HASH_BYTES) {
            throw malformed(what, value);
        }
        return hash;
    }

    static byte[] requiredHash(JsonValue value, String what) {
        return hash(value, what).orElseThrow(() -> malformed(what, value));
    }

    /** A non-negative integer that fits a long: a JSON number, or a {@code "0x…"} one (header numbers). */
    static long number(JsonValue value, String what) {
        try {
            if (value instanceof JsonNumber number && number.isIntegral()) {
                return checked(number.longValueExact());
            }
            if (value instanceof JsonString text && text.getString().startsWith("0x")) {
                return checked(Long.parseUnsignedLong(text.getString().substring(2), 16));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw malformed(what, value);
        }
        throw malformed(what, value);
    }

    static JsonValue member(JsonValue value, String name, String what) {
        if (value instanceof JsonObject object && object.containsKey(name)) {
            return object.get(name);
        }
        throw malformed(what + "." + name, value);
    }

    static String string(JsonValue value, String what) {
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw malformed(what, value);
    }

    static RpcUnavailableException malformed(String what, JsonValue value) {
        return new RpcUnavailableException("unexpected " + what + " from the chain node: " + RpcJson.text(value));
    }

    private static long checked(long value) {
        if (value < 0) {
            throw new ArithmeticException("negative");
        }
        return value;
    }
}
