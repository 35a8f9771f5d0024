package dev.rmbee.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The check of a request's raw path (as sent, before decoding) that {@link BadRequestTargets}
 * applies: only the characters RFC 3986 allows in a path ({@code unreserved / sub-delims / ":" /
 * "@" / "/"}), each {@code %} followed by two hex digits, and percent-encoded bytes that decode to
 * UTF-8. The JAX-RS runtime cannot build a URI from anything else and fails the request with an
 * exception (a 500, or a stack trace in the log per request).
 */
final class RequestTargets {

    private RequestTargets() {}

    /** Why {@code rawPath} is no valid path, or empty when it is one. */
    static Optional<String> problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer decoded = ByteBuffer.allocate(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                    return Optional.of("malformed percent-encoding in the path");
                }
                decoded.put((byte) (hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2))));
                i += 2;
            } else if (allowed(c)) {
                decoded.put((byte) c);
            } else {
                return Optional.of("character not allowed in a path");
            }
        }
        return utf8(decoded.flip()) ? Optional.empty() : Optional.of("percent-encoded bytes that are not UTF-8");
    }

    private static boolean utf8(ByteBuffer bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
