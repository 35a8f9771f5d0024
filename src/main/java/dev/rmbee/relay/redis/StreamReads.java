package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.relay.QueuedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.PlainOptions;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;

/**
 * The reads of the session queues: {@code XRANGE stream:<s> - + COUNT <max>}, or from the exclusive
 * start {@code (<afterId>} (Redis 6.2 or later); entries without exactly the field {@code _} are
 * skipped. A read waits for Redis at most the limits' timeout and is not retried (its caller reads
 * again); a Redis that did not answer is reported to the outage tracker, an answer ends an outage.
 */
final class StreamReads {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private final RedissonClient redisson;
    private final Executor executor;
    private final RedisQueueLimits limits;
    private final RedisOutage outage;

    StreamReads(RedissonClient redisson, Executor executor, RedisQueueLimits limits, RedisOutage outage) {
        this.redisson = redisson;
        this.executor = executor;
        this.limits = limits;
        this.outage = outage;
    }

    CompletionStage<List<QueuedMessage>> read(String key, String afterId, int max) {
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
                    return toMessages(key, entries);
                }),
                error -> RedisQueueException.failure("read of " + key, error, outage));
    }

    private static List<QueuedMessage> toMessages(String key, Map<StreamMessageId, Map<String, byte[]>> entries) {
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
}
