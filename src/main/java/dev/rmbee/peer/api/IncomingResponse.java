package dev.rmbee.peer.api;

import java.util.Objects;

/**
 * A response (or error) the gateway pushes to a client's {@code ret} list (peer.md §5.3):
 * {@code {"ver","ref","dat","src","shm","now","err"}}.
 *
 * @param version {@code ver}, 1 when produced
 * @param reference {@code ref}, the client's reference of the request; may be {@code null}
 * @param data {@code dat}, the decrypted body in base64 ({@code ""} for errors)
 * @param source {@code src}, the responder's address; {@code "0"} for relay errors, {@code ""} for
 *     errors of this gateway
 * @param schema {@code shm}; may be {@code null}
 * @param timestamp {@code now}, the envelope's timestamp; 0 for errors of this gateway
 * @param error {@code err}; {@code null} for a response
 */
public record IncomingResponse(
        long version,
        String reference,
        String data,
        String source,
        String schema,
        long timestamp,
        ResponseError error) {

    public IncomingResponse {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(source, "source");
    }

    /**
     * An error of this gateway itself about a client's request (peer.md §10): {@code src ""},
     * {@code now 0}, {@code dat ""}, {@code shm null}.
     */
    public static IncomingResponse localError(String reference, int code, String message) {
        return new IncomingResponse(1, reference, "", "", null, 0, new ResponseError(code, message));
    }

    public static IncomingResponse parse(byte[] json) throws MalformedMessageException {
        Members members = new Members(JsonTree.parseObject(json), "");
        return new IncomingResponse(
                members.u64("ver"),
                members.optionalString("ref"),
                members.string("dat"),
                members.string("src"),
                members.optionalString("shm"),
                members.u64("now"),
                members.optionalError("err"));
    }

    /** Compact UTF-8 JSON, members in the order of peer.md §5.3. */
    public byte[] toJson() {
        CompactJson json = new CompactJson(data.length() + 256)
                .beginObject()
                .name("ver")
                .u64(version)
                .name("ref")
                .nullableString(reference)
                .name("dat")
                .string(data)
                .name("src")
                .string(source)
                .name("shm")
                .nullableString(schema)
                .name("now")
                .u64(timestamp)
                .name("err");
        if (error == null) {
            json.nullValue();
        } else {
            error.write(json);
        }
        return json.endObject().toBytes();
    }
}
