package dev.rmbee.peer.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed access to the members of a parsed object with the reference's serde rules: a declared
 * member may occur once; a required member must be present and not null; an optional one ("string
 * or null") may be absent or null; integers are unsigned and written without sign, fraction or
 * exponent, within their type's range. Members a type does not declare are never looked at.
 */
final class Members {

    private static final Pattern UNSIGNED = Pattern.compile("0|[1-9][0-9]*");
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private final JsonTree.Obj object;
    private final String where;

    Members(JsonTree.Obj object, String where) {
        this.object = object;
        this.where = where;
    }

    /** A required unsigned 64-bit integer, held in a long (compare and print it as unsigned). */
    long u64(String name) throws MalformedMessageException {
        return unsigned(name, required(name), U64_MAX).longValue();
    }

    /** A required unsigned 32-bit integer, held in an int (unsigned). */
    int u32(String name) throws MalformedMessageException {
        return unsigned(name, required(name), BigInteger.valueOf(U32_MAX)).intValue();
    }

    String string(String name) throws MalformedMessageException {
        Object value = required(name);
        if (value instanceof String text) {
            return text;
        }
        throw wrongType(name, value, "a string");
    }

    /** A "string or null" member: absent and null both give {@code null}. */
    String optionalString(String name) throws MalformedMessageException {
        Object value = optional(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(name, value, "a string or null");
    }

    /** A required array of unsigned 32-bit integers. */
    List<Integer> u32Array(String name) throws MalformedMessageException {
        Object value = required(name);
        if (!(value instanceof List<?> items)) {
            throw wrongType(name, value, "an array of unsigned 32-bit integers");
        }
        List<Integer> ids = new ArrayList<>(items.size());
        for (Object item : items) {
            ids.add(unsigned(name, item, BigInteger.valueOf(U32_MAX)).intValue());
        }
        return ids;
    }

    /** An optional {@code {"code": u32, "message": string}} object (absent or null: none). */
    ResponseError optionalError(String name) throws MalformedMessageException {
        Object value = optional(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonTree.Obj error)) {
            throw wrongType(name, value, "an object or null");
        }
        Members members = new Members(error, "member \"" + name + "\": ");
        return new ResponseError(members.u32("code"), members.string("message"));
    }

    /** The member's value, {@code null} for absent or JSON null. */
    private Object optional(String name) throws MalformedMessageException {
        if (object.duplicated().contains(name)) {
            throw new MalformedMessageException(where + "duplicate member \"" + name + "\"");
        }
        Object value = object.members().get(name);
        return value == JsonTree.NULL ? null : value;
    }

    private Object required(String name) throws MalformedMessageException {
        if (!object.members().containsKey(name)) {
            throw new MalformedMessageException(where + "missing member \"" + name + "\"");
        }
        Object value = optional(name);
        if (value == null) {
            throw new MalformedMessageException(where + "member \"" + name + "\" must not be null");
        }
        return value;
    }

    private BigInteger unsigned(String name, Object value, BigInteger max) throws MalformedMessageException {
        String expected = max.equals(U64_MAX) ? "an unsigned 64-bit integer" : "an unsigned 32-bit integer";
        if (!(value instanceof JsonTree.Number number)
                || !UNSIGNED.matcher(number.text()).matches()) {
            throw wrongType(name, value, expected);
        }
        BigInteger parsed = new BigInteger(number.text());
        if (parsed.compareTo(max) > 0) {
            throw new MalformedMessageException(
                    where + "member \"" + name + "\": " + number.text() + " is out of range for " + expected);
        }
        return parsed;
    }

    private MalformedMessageException wrongType(String name, Object value, String expected) {
        return new MalformedMessageException(
                where + "member \"" + name + "\": expected " + expected + ", found " + describe(value));
    }

    private static String describe(Object value) {
        if (value == null || value == JsonTree.NULL) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof JsonTree.Number number) {
            return number.text();
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List) {
            return "an array";
        }
        return "an object";
    }
}
