package dev.rmbee.peer.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes compact JSON exactly as serde_json does: no whitespace, members in the order they are
 * written, non-ASCII characters as UTF-8, and only {@code "}, {@code \}, and control characters
 * escaped (as {@code \b \f \n \r \t}, the others as a lowercase six-character unicode escape).
 */
final class CompactJson {

    private final StringBuilder out;
    /** True right after an opening brace: the next member takes no comma. */
    private boolean first;

    CompactJson() {
        this(256);
    }

    /** With room for {@code capacity} chars before the first growth (a payload's base64 and the rest). */
    CompactJson(int capacity) {
        out = new StringBuilder(capacity);
    }

    CompactJson beginObject() {
        out.append('{');
        first = true;
        return this;
    }

    CompactJson endObject() {
        out.append('}');
        first = false;
        return this;
    }

    CompactJson name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
        return this;
    }

    CompactJson string(String value) {
        quote(value);
        return this;
    }

    /** A string, or {@code null} for {@code null}. */
    CompactJson nullableString(String value) {
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    CompactJson u64(long value) {
        out.append(Long.toUnsignedString(value));
        return this;
    }

    CompactJson u32(int value) {
        out.append(Integer.toUnsignedString(value));
        return this;
    }

    CompactJson u32Array(List<Integer> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Integer.toUnsignedString(values.get(i)));
        }
        out.append(']');
        return this;
    }

    CompactJson nullValue() {
        out.append("null");
        return this;
    }

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void quote(String value) {
        JsonStrings.appendQuoted(out, value);
    }
}
