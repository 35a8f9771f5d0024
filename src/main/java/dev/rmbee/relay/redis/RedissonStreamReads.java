package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.relay.QueuedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.api.options.PlainOptions;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The reads of {@link StreamReads} through Redisson: the plain {@code XRANGE} through its stream API
 * (whose reply it decodes cheaply), the holder script through its script API (whose nested reply it
 * decodes at a third of the throughput, in a probe of the hot path); the stages complete on the
 * executor, never on Redisson's I/O threads.
 */
final class RedissonStreamReads implements StreamReads {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private final RedissonClient redisson;
    private final RedisQueueLimits limits;
    private final RScript script;
    private final Executor executor;
    private final RedisOutage outage;
    private final byte[] instanceId;
    private final byte[] holderExpiry;

    /** @param holderExpiry how long a holder key lives after the last read or append of its session */
    RedissonStreamReads(
            RedissonClient redisson,
            Executor executor,
            RedisQueueLimits limits,
            RedisOutage outage,
            String instanceId,
            Duration holderExpiry) {
        this.redisson = redisson;
        this.limits = limits;
        this.script = redisson.getScript(OptionalOptions.defaults()
                .codec(ByteArrayCodec.INSTANCE)
                .timeout(limits.timeout())
                .retryAttempts(0));
        this.executor = executor;
        this.outage = outage;
        this.instanceId = ascii(instanceId);
        this.holderExpiry = ascii(Long.toString(holderExpiry.toMillis()));
    }

    @Override
    public CompletionStage<List<QueuedMessage>> read(String key, String afterId, int max, String holder) {
        if (holder == null) {
            return plain(key, afterId, max);
        }
        CompletionStage<List<Object>> range = AsyncResults.call(() -> {
            String start = afterId == null ? "-" : "(" + StreamIds.format(StreamIds.parse(afterId));
            return script.<List<Object>>evalAsync(
                    key,
                    RScript.Mode.READ_WRITE,
                    SessionHolders.READ,
                    RScript.ReturnType.LIST,
                    SenderShares.scriptKeys(key),
                    ascii(start),
                    ascii(Integer.toString(max)),
                    instanceId,
                    holderExpiry,
                    ascii(holder));
        });
        return AsyncResults.completeOn(
                executor,
                range.thenApply(entries -> {
                    outage.answered();
                    return StreamReads.toMessages(key, entries);
                }),
                error -> RedisQueueException.failure("read of " + key, error, outage));
    }

    private CompletionStage<List<QueuedMessage>> plain(String key, String afterId, int max) {
        CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> range = AsyncResults.call(() -> {
            StreamRangeArgs args = afterId == null
                    ? StreamRangeArgs.startId(StreamMessageId.MIN)
                            .endId(StreamMessageId.MAX)
                            .count(max)
                    : StreamRangeArgs.startIdExclusive(StreamIds.parse(afterId))
                            .endId(StreamMessageId.MAX)
                            .count(max);
            PlainOptions options = PlainOptions.name(key)
                    .codec(RawStreamCodec.INSTANCE)
                    .timeout(limits.timeout())
                    .retryAttempts(0);
            return redisson.<String, byte[]>getStream(options).rangeAsync(args);
        });
        return AsyncResults.completeOn(
                executor,
                range.thenApply(entries -> {
                    outage.answered();
                    return fromStream(key, entries);
                }),
                error -> RedisQueueException.failure("read of " + key, error, outage));
    }

    private static List<QueuedMessage> fromStream(String key, Map<StreamMessageId, Map<String, byte[]>> entries) {
        List<QueuedMessage> messages = new ArrayList<>(entries.size());
        for (Map.Entry<StreamMessageId, Map<String, byte[]>> entry : entries.entrySet()) {
            String id = StreamIds.format(entry.getKey());
            Map<String, byte[]> fields = entry.getValue();
            byte[] envelope = fields.size() == 1 ? fields.get(RedisSessionQueues.FIELD) : null;
            if (envelope == null) {
                LOG.fine(() -> "skipping entry " + id + " of " + key + ": fields " + fields.keySet()
                        + " instead of exactly " + RedisSessionQueues.FIELD);
                continue;
            }
            messages.add(new QueuedMessage(id, envelope));
        }
        return messages;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
