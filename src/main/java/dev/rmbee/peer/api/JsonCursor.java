package dev.rmbee.peer.api;

/**
 * A position in a JSON text and the tokens read from there: whitespace, literals, strings with
 * their escapes (no unpaired surrogates), numbers as written. Errors name the position, as
 * {@code invalid JSON: <what> at character <n>}.
 */
final class JsonCursor {

    private final String text;
    private int pos;

    JsonCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The next char, or NUL at the end (NUL cannot start any valid token). */
    char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    char next() throws MalformedMessageException {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos++);
    }

    /** Steps over the char just peeked. */
    void skip() {
        pos++;
    }

    /** Steps back over the char just read, so that an error names its position. */
    void back() {
        pos--;
    }

    void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    void expect(char c) throws MalformedMessageException {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    void literal(String word) throws MalformedMessageException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal");
        }
        pos += word.length();
    }

    /** A string, from its opening quote. */
    String string() throws MalformedMessageException {
        pos++; // opening quote
        int start = pos;
        // most strings (a payload's base64 above all) hold no escape: one copy, no builder
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return text.substring(start, pos - 1);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder out = new StringBuilder(pos - start + 16).append(text, start, pos);
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
            escape(out);
        }
    }

    /** The escape after a backslash. */
    private void escape(StringBuilder out) throws MalformedMessageException {
        char escape = next();
        switch (escape) {
            case '"', '\\', '/' -> out.append(escape);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> unicode(out);
            default -> {
                pos--;
                throw error("invalid escape");
            }
        }
    }

    /** A {@code \\u} escape: one unit, or a high and a low surrogate in two escapes. */
    private void unicode(StringBuilder out) throws MalformedMessageException {
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

    /** A number's text as written: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    String number() throws MalformedMessageException {
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
            requireDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigits();
        }
        return text.substring(start, pos);
    }

    private void requireDigits() throws MalformedMessageException {
        if (!isDigit(peek())) {
            throw error("invalid number");
        }
        digits();
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    MalformedMessageException error(String what) {
        return new MalformedMessageException("invalid JSON: " + what + " at character " + pos);
    }
}
