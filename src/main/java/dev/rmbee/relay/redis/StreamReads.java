package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.relay.QueuedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The reads of the session queues: one {@link SessionHolders#READ} script call, which keeps (or, for
 * a new connection, claims) the session's holder key and answers {@code XRANGE stream:<s> - + COUNT
 * <max>}, or from the exclusive start {@code (<afterId>} (Redis 6.2 or later); entries without
 * exactly the field {@code _} are skipped. A read waits for Redis at most the limits' timeout and is
 * not retried (its caller reads again); a Redis that did not answer is reported to the outage
 * tracker, an answer ends an outage.
 */
final class StreamReads {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private final RScript script;
    private final Executor executor;
    private final RedisOutage outage;
    private final byte[] instanceId;
    private final byte[] holderExpiry;

    /** @param holderExpiry how long a holder key lives after the last read or append of its session */
    StreamReads(
            RedissonClient redisson,
            Executor executor,
            RedisQueueLimits limits,
            RedisOutage outage,
            String instanceId,
            Duration holderExpiry) {
        this.script = redisson.getScript(OptionalOptions.defaults()
                .codec(ByteArrayCodec.INSTANCE)
                .timeout(limits.timeout())
                .retryAttempts(0));
        this.executor = executor;
        this.outage = outage;
        this.instanceId = ascii(instanceId);
        this.holderExpiry = ascii(Long.toString(holderExpiry.toMillis()));
    }

    /** @param claim whether this is the first read of a new connection of the session here */
    CompletionStage<List<QueuedMessage>> read(String key, String afterId, int max, boolean claim) {
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
                    ascii(claim ? SessionHolders.CLAIM : SessionHolders.KEEP));
        });
        return AsyncResults.completeOn(
                executor,
                range.thenApply(entries -> {
                    outage.answered();
                    return toMessages(key, entries);
                }),
                error -> RedisQueueException.failure("read of " + key, error, outage));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code XRANGE} reply: a list of {@code [id, [field, value, …]]}. */
    private static List<QueuedMessage> toMessages(String key, List<Object> entries) {
        List<QueuedMessage> messages = new ArrayList<>(entries.size());
        for (Object item : entries) {
            List<?> entry = (List<?>) item;
            String id = new String((byte[]) entry.get(0), StandardCharsets.US_ASCII);
            List<?> fields = (List<?>) entry.get(1);
            if (fields.size() != 2
                    || !RedisSessionQueues.FIELD.equals(new String((byte[]) fields.get(0), StandardCharsets.UTF_8))) {
                LOG.fine(() -> "skipping entry " + id + " of " + key + ": " + fields.size() / 2
                        + " fields instead of exactly " + RedisSessionQueues.FIELD);
                continue;
            }
            messages.add(new QueuedMessage(id, (byte[]) fields.get(1)));
        }
        return messages;
    }
}
