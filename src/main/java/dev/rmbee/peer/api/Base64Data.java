package dev.rmbee.peer.api;

import java.util.Base64;

/**
 * The {@code dat} members: standard base64 (RFC 4648 §4, {@code +/}). Produced with {@code =}
 * padding; read as the reference's base64 0.13 reads it: padding optional (but, if present, only
 * at the end and only where a quad can end: {@code YQ==}, {@code YQ=} and {@code YQ} all decode),
 * no URL-safe alphabet, no whitespace, no leftover bits in the last symbol.
 */
public final class Base64Data {

    private Base64Data() {}

    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /**
     * Decodes {@code text}.
     *
     * @throws IllegalArgumentException if it is not base64 as the reference accepts it
     */
    public static byte[] decode(String text) {
        int length = text.length();
        if (length % 4 == 1) {
            throw new IllegalArgumentException("invalid length " + length);
        }
        int data = length;
        while (data > 0 && text.charAt(data - 1) == '=') {
            data--;
        }
        for (int i = data; i < length; i++) {
            if (i % 4 < 2) {
                throw new IllegalArgumentException("invalid padding at offset " + i);
            }
        }
        int last = -1;
        for (int i = 0; i < data; i++) {
            last = value(text.charAt(i));
            if (last < 0) {
                throw new IllegalArgumentException("invalid character at offset " + i);
            }
        }
        // bits of the last symbol that no byte holds must be zero (base64 0.13: InvalidLastSymbol)
        int unused = switch (data % 4) {
            case 2 -> 0x0f;
            case 3 -> 0x03;
            default -> 0;
        };
        if ((last & unused) != 0) {
            throw new IllegalArgumentException("invalid last symbol at offset " + (data - 1));
        }
        return Base64.getDecoder().decode(text.substring(0, data));
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
