package dev.rmbee.chain.rpc;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * The node said no: a JSON-RPC error answer, e.g. code 1010 (invalid transaction) with data such as
 * {@code {"invalid":{"badProof":null}}} (chain.md §2). Asking again will get the same answer.
 */
public final class RpcErrorException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final long code;
    private final String errorMessage;
    private final String data;

    /**
     * @param method the method that was called
     * @param data the error's {@code data} as text (a JSON string's value, other values as JSON), or null
     */
    public RpcErrorException(String method, long code, String errorMessage, String data) {
        super(method + " failed: " + code + " " + errorMessage + (data == null ? "" : " (" + data + ")"), null);
        this.code = code;
        this.errorMessage = errorMessage;
        this.data = data;
    }

    public long code() {
        return code;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Optional<String> data() {
        return Optional.ofNullable(data);
    }

    /** The exception of a JSON-RPC {@code error} member answering {@code method}. */
    static RpcErrorException of(String method, JsonValue error) {
        if (!(error instanceof JsonObject object)) {
            return new RpcErrorException(method, 0, RpcJson.text(error), null);
        }
        long code = object.get("code") instanceof JsonNumber number ? number.longValue() : 0;
        String message = object.get("message") instanceof JsonString text ? text.getString() : "";
        JsonValue data = object.get("data");
        return new RpcErrorException(
                method, code, message, data == null || data == JsonValue.NULL ? null : RpcJson.text(data));
    }
}
