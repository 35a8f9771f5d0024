package dev.rmbee.relay.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.AsyncIterator;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * The one scan of the session streams' keys, for the operators' views (the admin API's listing and
 * the metrics' totals): {@code SCAN 0 MATCH <pattern> COUNT 1000 TYPE stream}, on every master of a
 * cluster, stopping after the limit.
 */
final class StreamKeys {

    /** Keys one SCAN call looks at (its COUNT). */
    static final int SCAN_COUNT = 1000;

    private StreamKeys() {}

    /** Up to {@code limit} stream keys matching {@code pattern}. */
    static CompletionStage<List<String>> scan(RedissonClient redisson, String pattern, int limit) {
        List<String> keys = new ArrayList<>();
        if (limit < 1) {
            return CompletableFuture.completedFuture(keys);
        }
        AsyncIterator<String> iterator = redisson.getKeys()
                .getKeysAsync(KeysScanOptions.defaults()
                        .pattern(pattern)
                        .type(RType.STREAM)
                        .chunkSize(SCAN_COUNT)
                        .limit(limit));
        return next(iterator, keys, limit);
    }

    private static CompletionStage<List<String>> next(AsyncIterator<String> iterator, List<String> keys, int limit) {
        if (keys.size() >= limit) {
            return CompletableFuture.completedFuture(keys);
        }
        return iterator.hasNext()
                .thenCompose(more -> more
                        ? iterator.next().thenCompose(key -> {
                            keys.add(key);
                            return next(iterator, keys, limit);
                        })
                        : CompletableFuture.completedFuture(keys));
    }
}
