package dev.rmbee.peer.api;

import java.util.List;
import java.util.Objects;

/**
 * A request a local client pushes to {@code msgbus.system.local} (peer.md §5.1):
 * {@code {"ver","ref","cmd","exp","dat","tag","dst","ret","shm","now"}}.
 *
 * @param version {@code ver}, unsigned (never checked; 1 when produced)
 * @param reference {@code ref}, echoed in every response; may be {@code null}
 * @param command {@code cmd}, the remote command
 * @param expiration {@code exp}, unsigned seconds after {@code now}
 * @param data {@code dat}, the body in base64 (decoded with {@link Base64Data#decode})
 * @param tags {@code tag}, copied to the envelopes' tags; may be {@code null}
 * @param destinations {@code dst}, unsigned twin ids, one envelope each
 * @param replyTo {@code ret}, the Redis list that gets the responses
 * @param schema {@code shm}, the payload's content type; may be {@code null}
 * @param timestamp {@code now}, unsigned Unix seconds; 0 means now
 */
public record OutgoingRequest(
        long version,
        String reference,
        String command,
        long expiration,
        String data,
        String tags,
        List<Integer> destinations,
        String replyTo,
        String schema,
        long timestamp) {

    public OutgoingRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(replyTo, "replyTo");
    }

    /**
     * Reads a request. When it is malformed but its {@code ret} is a string, the exception says so
     * (and gives {@code ref} if that is a string too), so that the client can be told.
     */
    public static OutgoingRequest parse(byte[] json) throws MalformedMessageException {
        JsonTree.Obj object = JsonTree.parseObject(json);
        Members members = new Members(object, "");
        try {
            return new OutgoingRequest(
                    members.u64("ver"),
                    members.optionalString("ref"),
                    members.string("cmd"),
                    members.u64("exp"),
                    members.string("dat"),
                    members.optionalString("tag"),
                    members.u32Array("dst"),
                    members.string("ret"),
                    members.optionalString("shm"),
                    members.u64("now"));
        } catch (MalformedMessageException e) {
            String replyTo;
            try {
                replyTo = members.string("ret");
            } catch (MalformedMessageException unusable) {
                throw e;
            }
            String reference;
            try {
                reference = members.optionalString("ref");
            } catch (MalformedMessageException unusable) {
                reference = null;
            }
            throw e.withReplyTo(replyTo, reference);
        }
    }

    /** Compact UTF-8 JSON, members in the order of peer.md §5.1. */
    public byte[] toJson() {
        return new CompactJson()
                .beginObject()
                .name("ver")
                .u64(version)
                .name("ref")
                .nullableString(reference)
                .name("cmd")
                .string(command)
                .name("exp")
                .u64(expiration)
                .name("dat")
                .string(data)
                .name("tag")
                .nullableString(tags)
                .name("dst")
                .u32Array(destinations)
                .name("ret")
                .string(replyTo)
                .name("shm")
                .nullableString(schema)
                .name("now")
                .u64(timestamp)
                .endObject()
                .toBytes();
    }
}
