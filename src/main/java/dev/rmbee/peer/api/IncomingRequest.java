package dev.rmbee.peer.api;

import java.util.Objects;

/**
 * A verified request the gateway pushes to {@code msgbus.<cmd>} for a local service (peer.md §5.2):
 * {@code {"ver","ref","src","cmd","exp","dat","tag","ret","shm","now"}}.
 *
 * @param version {@code ver}, 1 when produced
 * @param reference {@code ref}, the envelope uid (the service answers with it); {@code null} only when read so
 * @param source {@code src}, the sender's address {@code "<twin>"} or {@code "<twin>:<connection>"}
 * @param command {@code cmd}
 * @param expiration {@code exp}, the envelope's expiration as received (seconds after {@code now})
 * @param data {@code dat}, the decrypted body in base64
 * @param tags {@code tag}, the envelope's tags; may be {@code null}
 * @param replyTo {@code ret}, always {@code msgbus.system.reply} when produced
 * @param schema {@code shm}, the envelope's schema; may be {@code null}
 * @param timestamp {@code now}, the envelope's timestamp
 */
public record IncomingRequest(
        long version,
        String reference,
        String source,
        String command,
        long expiration,
        String data,
        String tags,
        String replyTo,
        String schema,
        long timestamp) {

    public IncomingRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(replyTo, "replyTo");
    }

    public static IncomingRequest parse(byte[] json) throws MalformedMessageException {
        Members members = new Members(JsonTree.parseObject(json), "");
        return new IncomingRequest(
                members.u64("ver"),
                members.optionalString("ref"),
                members.string("src"),
                members.string("cmd"),
                members.u64("exp"),
                members.string("dat"),
                members.optionalString("tag"),
                members.string("ret"),
                members.optionalString("shm"),
                members.u64("now"));
    }

    /** Compact UTF-8 JSON, members in the order of peer.md §5.2. */
    public byte[] toJson() {
        return new CompactJson(data.length() + 256)
                .beginObject()
                .name("ver")
                .u64(version)
                .name("ref")
                .nullableString(reference)
                .name("src")
                .string(source)
                .name("cmd")
                .string(command)
                .name("exp")
                .u64(expiration)
                .name("dat")
                .string(data)
                .name("tag")
                .nullableString(tags)
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
