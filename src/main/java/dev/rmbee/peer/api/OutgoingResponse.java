package dev.rmbee.peer.api;

import java.util.Objects;

/**
 * A response a local service pushes to {@code msgbus.system.reply} (peer.md §5.4):
 * {@code {"ver","ref","dat","dst","shm","now","err"}}. Services written for the reference also
 * send other members (the Python echo tool: {@code cmd}, {@code exp}, {@code ret}); they are ignored.
 *
 * @param version {@code ver}, unsigned (never checked)
 * @param reference {@code ref}, the request's uid; {@code null} gives uid {@code ""}
 * @param data {@code dat}, the body in base64; not decoded when {@code error} is set
 * @param destination {@code dst}, the request's {@code src} verbatim
 * @param schema {@code shm}; may be {@code null}
 * @param timestamp {@code now}, unsigned Unix seconds; 0 means now
 * @param error {@code err}, to answer with an error; may be {@code null}
 */
public record OutgoingResponse(
        long version,
        String reference,
        String data,
        String destination,
        String schema,
        long timestamp,
        ResponseError error) {

    public OutgoingResponse {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(destination, "destination");
    }

    public static OutgoingResponse parse(byte[] json) throws MalformedMessageException {
        Members members = new Members(JsonTree.parseObject(json), "");
        return new OutgoingResponse(
                members.u64("ver"),
                members.optionalString("ref"),
                members.string("dat"),
                members.string("dst"),
                members.optionalString("shm"),
                members.u64("now"),
                members.optionalError("err"));
    }

    /** Compact UTF-8 JSON, members in the order of peer.md §5.4. */
    public byte[] toJson() {
        CompactJson json = new CompactJson()
                .beginObject()
                .name("ver")
                .u64(version)
                .name("ref")
                .nullableString(reference)
                .name("dat")
                .string(data)
                .name("dst")
                .string(destination)
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
