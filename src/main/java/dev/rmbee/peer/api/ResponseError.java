package dev.rmbee.peer.api;

import java.util.Objects;

/**
 * The {@code err} member of a response: {@code {"code": u32, "message": string}}.
 *
 * @param code an unsigned 32-bit code (print with {@link Integer#toUnsignedString(int)})
 * @param message the error text
 */
public record ResponseError(int code, String message) {

    public ResponseError {
        Objects.requireNonNull(message, "message");
    }

    void write(CompactJson json) {
        json.beginObject()
                .name("code")
                .u32(code)
                .name("message")
                .string(message)
                .endObject();
    }
}
