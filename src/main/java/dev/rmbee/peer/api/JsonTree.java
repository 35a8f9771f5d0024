package dev.rmbee.peer.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict JSON (RFC 8259) reader for the local messages, as strict as the reference's serde_json:
 * the input must be valid UTF-8, strings must not hold raw control characters or unpaired
 * surrogate escapes, numbers keep their text (so a float or a negative number can be told from an
 * unsigned integer), nesting is limited (deep input cannot exhaust the stack), and nothing but
 * whitespace may follow the value. Objects remember members that occur more than once, which
 * serde rejects for the members a type declares. The tokens are read by a {@link JsonCursor}.
 */
final class JsonTree {

    /** serde_json's recursion limit. */
    static final int MAX_DEPTH = 128;

    /** The {@code null} literal. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A number, as written. */
    record Number(String text) {}

    /** An object: its members in order (the first of duplicates) and the names seen more than once. */
    record Obj(Map<String, Object> members, Set<String> duplicated) {}

    private final JsonCursor in;

    private JsonTree(String text) {
        this.in = new JsonCursor(text);
    }

    /** Parses a whole document whose value must be an object. */
    static Obj parseObject(byte[] json) throws MalformedMessageException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("invalid JSON: not valid UTF-8");
        }
        JsonTree parser = new JsonTree(text);
        parser.in.skipWhitespace();
        if (!parser.in.atEnd() && parser.in.peek() != '{') {
            throw parser.in.error("expected a JSON object");
        }
        Object value = parser.value(0);
        parser.in.skipWhitespace();
        if (!parser.in.atEnd()) {
            throw parser.in.error("trailing characters");
        }
        return (Obj) value;
    }

    private Object value(int depth) throws MalformedMessageException {
        in.skipWhitespace();
        if (in.atEnd()) {
            throw in.error("unexpected end of input");
        }
        char c = in.peek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return in.string();
            case 't':
                in.literal("true");
                return Boolean.TRUE;
            case 'f':
                in.literal("false");
                return Boolean.FALSE;
            case 'n':
                in.literal("null");
                return NULL;
            default:
                if (c == '-' || JsonCursor.isDigit(c)) {
                    return new Number(in.number());
                }
                throw in.error("unexpected character '" + printable(c) + "'");
        }
    }

    private Obj object(int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw in.error("nested too deeply");
        }
        in.skip(); // {
        Map<String, Object> members = new LinkedHashMap<>();
        Set<String> duplicated = new HashSet<>();
        in.skipWhitespace();
        if (in.peek() == '}') {
            in.skip();
            return new Obj(members, duplicated);
        }
        while (true) {
            in.skipWhitespace();
            if (in.peek() != '"') {
                throw in.error("expected a member name");
            }
            String name = in.string();
            in.skipWhitespace();
            in.expect(':');
            Object value = value(depth);
            if (members.putIfAbsent(name, value) != null) {
                duplicated.add(name);
            }
            in.skipWhitespace();
            char c = in.next();
            if (c == '}') {
                return new Obj(members, duplicated);
            }
            if (c != ',') {
                in.back();
                throw in.error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw in.error("nested too deeply");
        }
        in.skip(); // [
        List<Object> items = new ArrayList<>();
        in.skipWhitespace();
        if (in.peek() == ']') {
            in.skip();
            return items;
        }
        while (true) {
            items.add(value(depth));
            in.skipWhitespace();
            char c = in.next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                in.back();
                throw in.error("expected ',' or ']'");
            }
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
