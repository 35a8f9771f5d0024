package dev.rmbee.relay.redis;

import dev.rmbee.redis.StreamIds;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespScript;
import dev.rmbee.relay.QueuedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The reads of {@link StreamReads} through the hot path's pipelined RESP client: the plain {@code
 * XRANGE} as a command, the holder script by {@code EVALSHA}; both replies are the same nested list.
 * A read that was answered completes on the client's reader thread (no executor hop per read: the
 * delivery it starts hands the envelopes to their connection without blocking); a failure is handed
 * to the executor, as the appends' are, so that the outage tracker hears of it in one order.
 */
final class RespStreamReads implements StreamReads {

    private static final byte[] XRANGE = ascii("XRANGE");
    private static final byte[] FIRST = ascii("-");
    private static final byte[] LAST = ascii("+");
    private static final byte[] COUNT = ascii("COUNT");

    private final RespCommands redis;
    private final RespScript script = new RespScript(SessionHolders.READ);
    private final Executor executor;
    private final RedisOutage outage;
    private final byte[] instanceId;
    private final byte[] holderExpiry;

    /** @param holderExpiry how long a holder key lives after the last read or append of its session */
    RespStreamReads(
            RespCommands redis, Executor executor, RedisOutage outage, String instanceId, Duration holderExpiry) {
        this.redis = redis;
        this.executor = executor;
        this.outage = outage;
        this.instanceId = ascii(instanceId);
        this.holderExpiry = ascii(Long.toString(holderExpiry.toMillis()));
    }

    @Override
    public CompletionStage<List<QueuedMessage>> read(String key, String afterId, int max, String holder) {
        CompletableFuture<Object> reply;
        try {
            byte[] start = afterId == null ? FIRST : ascii("(" + StreamIds.format(StreamIds.parse(afterId)));
            byte[] count = ascii(Integer.toString(max));
            reply = holder == null
                    ? redis.send(key, XRANGE, key.getBytes(StandardCharsets.UTF_8), start, LAST, COUNT, count)
                    : script.eval(redis, scriptKeys(key), start, count, instanceId, holderExpiry, ascii(holder));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<QueuedMessage>> messages = new CompletableFuture<>();
        reply.whenComplete((entries, error) -> {
            if (error == null) {
                answered(key, entries, messages);
            } else {
                failed(key, error, messages);
            }
        });
        return messages;
    }

    private void answered(String key, Object entries, CompletableFuture<List<QueuedMessage>> messages) {
        outage.answered();
        try {
            messages.complete(StreamReads.toMessages(key, (List<?>) entries));
        } catch (RuntimeException e) { // not the reply of an XRANGE
            messages.completeExceptionally(RedisQueueException.failure("read of " + key, e));
        }
    }

    private void failed(String key, Throwable error, CompletableFuture<List<QueuedMessage>> messages) {
        Runnable failure =
                () -> messages.completeExceptionally(RedisQueueException.failure("read of " + key, error, outage));
        try {
            executor.execute(failure);
        } catch (RejectedExecutionException e) {
            failure.run();
        }
    }

    static List<String> scriptKeys(String key) {
        return SenderShares.scriptKeys(key).stream().map(String::valueOf).toList();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
