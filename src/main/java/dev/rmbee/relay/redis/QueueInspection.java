package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.relay.QueueDepth;
import dev.rmbee.wire.SessionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RStream;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;

/**
 * The operator's view of the session streams (the admin API), each command on one key:
 *
 * <ul>
 *   <li>depth: {@code XLEN stream:<s>} and {@code XRANGE stream:<s> - + COUNT 1}, whose id's
 *       milliseconds (Redis's clock) say when the oldest entry was appended;
 *   <li>listing: {@code SCAN 0 MATCH stream:* COUNT 1000 TYPE stream} (or {@code stream:<twin>:*} plus the
 *       twin's sid-less stream), stopping after the limit, on every master of a cluster; then the
 *       depth of each;
 *   <li>purge: {@code XLEN} and {@code DEL} of the stream, and {@code DEL} of its companion hash
 *       ({@link SenderShares}), in one MULTI/EXEC (both keys share a hash slot).
 * </ul>
 * A stream whose entries were all delivered stays, empty, until it expires: it is listed with 0.
 */
final class QueueInspection {

    private static final BatchOptions ATOMIC =
            BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);

    private final RedissonClient redisson;
    private final Executor executor;

    QueueInspection(RedissonClient redisson, Executor executor) {
        this.redisson = redisson;
        this.executor = executor;
    }

    CompletionStage<QueueDepth> depth(SessionKey session) {
        String key = RedisSessionQueues.streamKey(session);
        CompletionStage<QueueDepth> depth = AsyncResults.call(() -> {
            RStream<String, byte[]> stream = redisson.getStream(key, RawStreamCodec.INSTANCE);
            RFuture<Long> length = stream.sizeAsync();
            RFuture<Map<StreamMessageId, Map<String, byte[]>>> first =
                    stream.rangeAsync(StreamRangeArgs.startId(StreamMessageId.MIN)
                            .endId(StreamMessageId.MAX)
                            .count(1));
            return length.thenCombine(
                    first,
                    (messages, entries) -> entries.isEmpty()
                            ? new QueueDepth(session, messages, null)
                            : new QueueDepth(
                                    session,
                                    messages,
                                    appended(entries.keySet().iterator().next())));
        });
        return AsyncResults.completeOn(
                executor, depth, error -> RedisQueueException.failure("inspection of " + key, error));
    }

    CompletionStage<List<QueueDepth>> list(OptionalInt twin, int limit) {
        CompletionStage<List<String>> keys;
        if (twin.isEmpty()) {
            keys = scan(RedisSessionQueues.KEY_PREFIX + "*", limit);
        } else {
            String sidless = RedisSessionQueues.streamKey(SessionKey.of(twin.getAsInt()));
            keys = AsyncResults.<Long>call(() -> redisson.getKeys().countExistsAsync(sidless))
                    .thenCompose(exists -> exists > 0 && limit > 0
                            ? scan(sidless + ":*", limit - 1).thenApply(withSid -> concat(sidless, withSid))
                            : scan(sidless + ":*", limit));
        }
        CompletionStage<List<QueueDepth>> depths = keys.thenCompose(this::depths);
        return AsyncResults.completeOn(
                executor, depths, error -> RedisQueueException.failure("listing of the session queues", error));
    }

    CompletionStage<Long> purge(SessionKey session) {
        String key = RedisSessionQueues.streamKey(session);
        CompletionStage<Long> purged = AsyncResults.call(() -> {
            RBatch batch = redisson.createBatch(ATOMIC);
            RStreamAsync<String, byte[]> stream = batch.getStream(key, RawStreamCodec.INSTANCE);
            RFuture<Long> length = stream.sizeAsync();
            stream.deleteAsync();
            SenderShares.countsKey(key).ifPresent(counts -> batch.getKeys().deleteAsync(counts));
            return batch.executeAsync().thenCompose(done -> length);
        });
        return AsyncResults.completeOn(
                executor, purged, error -> RedisQueueException.failure("purge of " + key, error));
    }

    /** The depth of each stream (keys that are not a session's are left out), by session. */
    private CompletionStage<List<QueueDepth>> depths(List<String> keys) {
        List<CompletableFuture<QueueDepth>> depths = new ArrayList<>();
        for (String key : keys) {
            SessionKey session;
            try {
                session = SessionKey.parse(key.substring(RedisSessionQueues.KEY_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                continue; // a stream:… key of something else
            }
            depths.add(depth(session).toCompletableFuture());
        }
        return CompletableFuture.allOf(depths.toArray(new CompletableFuture<?>[0]))
                .thenApply(all -> depths.stream()
                        .map(CompletableFuture::join)
                        .sorted(QueueDepth.BY_SESSION)
                        .toList());
    }

    private CompletionStage<List<String>> scan(String pattern, int limit) {
        return StreamKeys.scan(redisson, pattern, limit);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** When an entry was appended: its id's milliseconds. */
    private static Instant appended(StreamMessageId id) {
        return Instant.ofEpochMilli(id.getId0());
    }
}
