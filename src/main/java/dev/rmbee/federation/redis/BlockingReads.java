package dev.rmbee.federation.redis;

import static dev.rmbee.federation.redis.RedisFederationQueue.GROUP;
import static dev.rmbee.federation.redis.RedisFederationQueue.STREAM;

import dev.rmbee.redis.StreamIds;
import dev.rmbee.redis.resp.RespCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.redisson.api.stream.StreamMessageId;

/**
 * The workers' {@code XREADGROUP … BLOCK} on RESP connections of their own, one per worker: a
 * blocking read holds its connection until Redis answers, so it cannot share the pipelined
 * connection of the other commands, and on its own connection it costs one command and one reply,
 * without a pool. Workers without a connection here read through Redisson.
 */
final class BlockingReads {

    private static final byte[] XREADGROUP = ascii("XREADGROUP");
    private static final byte[] GROUP_WORD = ascii("GROUP");
    private static final byte[] COUNT = ascii("COUNT");
    private static final byte[] BLOCK = ascii("BLOCK");
    private static final byte[] STREAMS = ascii("STREAMS");
    private static final byte[] NEVER_DELIVERED = ascii(">");

    private final List<RespCommands> connections;

    /** @param connections the connection of worker {@code i} at index {@code i}; they stay the caller's */
    BlockingReads(List<RespCommands> connections) {
        this.connections = List.copyOf(connections);
    }

    /** True when the worker reads through a connection of its own. */
    boolean serves(int worker) {
        return worker < connections.size();
    }

    /**
     * {@code XREADGROUP GROUP federation <consumer> COUNT max [BLOCK ms] STREAMS
     * relay.federation.stream >} on the worker's connection (no wait when {@code wait} is under 1 ms).
     */
    CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> read(
            int worker, String consumer, int max, Duration wait) {
        List<byte[]> command = new ArrayList<>(
                List.of(XREADGROUP, GROUP_WORD, ascii(GROUP), ascii(consumer), COUNT, ascii(Integer.toString(max))));
        if (wait.toMillis() >= 1) {
            command.add(BLOCK);
            command.add(ascii(Long.toString(wait.toMillis())));
        }
        command.add(STREAMS);
        command.add(ascii(STREAM));
        command.add(NEVER_DELIVERED);
        return connections
                .get(worker)
                .send(STREAM, command.toArray(new byte[0][]))
                .thenApply(BlockingReads::entries);
    }

    /**
     * The entries of an {@code XREADGROUP} reply: null when the wait ended without any, else
     * {@code [[stream, [[id, [field, value, …]], …]]]}; an entry deleted meanwhile has no fields (null).
     */
    static Map<StreamMessageId, Map<String, byte[]>> entries(Object reply) {
        Map<StreamMessageId, Map<String, byte[]>> entries = new LinkedHashMap<>();
        if (reply == null) {
            return entries;
        }
        for (Object stream : (List<?>) reply) {
            for (Object entry : (List<?>) ((List<?>) stream).get(1)) {
                List<?> parts = (List<?>) entry;
                StreamMessageId id = StreamIds.parse(text(parts.get(0)));
                entries.put(id, fields((List<?>) parts.get(1)));
            }
        }
        return entries;
    }

    private static Map<String, byte[]> fields(List<?> flat) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        if (flat == null) {
            return fields;
        }
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(text(flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return fields;
    }

    private static String text(Object bulk) {
        return new String((byte[]) bulk, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
