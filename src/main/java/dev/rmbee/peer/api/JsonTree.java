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
 * serde rejects for the members a type declares.
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

    private final String text;
    private int pos;

    private JsonTree(String text) {
        this.text = text;
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
        parser.skipWhitespace();
        if (parser.pos < text.length() && text.charAt(parser.pos) != '{') {
            throw parser.error("expected a JSON object");
        }
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("trailing characters");
        }
        return (Obj) value;
    }

    private Object value(int depth) throws MalformedMessageException {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Obj object(int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        Set<String> duplicated = new HashSet<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new Obj(members, duplicated);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            Object value = value(depth);
            if (members.putIfAbsent(name, value) != null) {
                duplicated.add(name);
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return new Obj(members, duplicated);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            items.add(value(depth));
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws MalformedMessageException {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c); // surrogate pairs arrive as two chars, already validated by the UTF-8 decoder
                continue;
            }
            char escape = next();
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit)) {
                        if (!text.startsWith("\\u", pos)) {
                            throw error("unpaired surrogate in a \\u escape");
                        }
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("unpaired surrogate in a \\u escape");
                        }
                        out.append(unit).append(low);
                    } else if (Character.isLowSurrogate(unit)) {
                        throw error("unpaired surrogate in a \\u escape");
                    } else {
                        out.append(unit);
                    }
                }
                default -> {
                    pos--;
                    throw error("invalid escape");
                }
            }
        }
    }

    private char hex4() throws MalformedMessageException {
        if (pos + 4 > text.length()) {
            throw error("unterminated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private Number number() throws MalformedMessageException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("invalid number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("invalid number");
            }
            digits();
        }
        return new Number(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws MalformedMessageException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
    }

    private void expect(char c) throws MalformedMessageException {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    /** The next char, or NUL at the end (NUL cannot start any valid token). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() throws MalformedMessageException {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos++);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private MalformedMessageException error(String what) {
        return new MalformedMessageException("invalid JSON: " + what + " at character " + pos);
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
