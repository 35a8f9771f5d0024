package dev.rmbee.relay.redis;

import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.relay.QueueTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;

/**
 * The totals of all session queues in Redis, for metrics: the streams {@code stream:*} from
 * {@link StreamKeys} (on every master of a cluster), then for each {@code XLEN} and {@code MEMORY USAGE},
 * pipelined {@value #BATCH} streams at a time. Every command touches one key. A scan is bounded
 * by the number of streams it looks at; it runs on the executor, blocking one of its threads
 * until Redis answered.
 */
final class StreamTotals {

    /** Streams whose figures are asked for in one pipelined batch. */
    static final int BATCH = 500;

    private final RedissonClient redisson;
    private final Executor executor;

    StreamTotals(RedissonClient redisson, Executor executor) {
        this.redisson = redisson;
        this.executor = executor;
    }

    CompletionStage<QueueTotals> scan(int maxStreams) {
        return CompletableFuture.supplyAsync(() -> scanNow(maxStreams), executor);
    }

    private QueueTotals scanNow(int maxStreams) {
        List<String> keys = StreamKeys.scan(redisson, RedisSessionQueues.KEY_PREFIX + "*", maxStreams + 1)
                .toCompletableFuture()
                .join();
        int counted = Math.min(keys.size(), maxStreams);
        Sums sums = new Sums();
        for (int from = 0; from < counted; from += BATCH) {
            sums.add(keys.subList(from, Math.min(from + BATCH, counted)));
        }
        return new QueueTotals(sums.messages, sums.bytes, sums.sessions, keys.size() <= maxStreams);
    }

    private static long valueOf(RFuture<Long> answer) {
        Long value = answer.toCompletableFuture().getNow(null);
        return value == null ? 0 : value;
    }

    /** The running sums of one scan. */
    private final class Sums {
        long messages;
        long bytes;
        long sessions;

        void add(List<String> keys) {
            if (keys.isEmpty()) {
                return;
            }
            RBatch batch = redisson.createBatch();
            List<RFuture<Long>> lengths = new ArrayList<>(keys.size());
            List<RFuture<Long>> memory = new ArrayList<>(keys.size());
            for (String key : keys) {
                RStreamAsync<String, byte[]> stream = batch.getStream(key, RawStreamCodec.INSTANCE);
                lengths.add(stream.sizeAsync());
                memory.add(stream.sizeInMemoryAsync());
            }
            batch.execute();
            for (int i = 0; i < keys.size(); i++) {
                long length = valueOf(lengths.get(i));
                if (length > 0) { // a stream that expired since the scan answers 0 and no memory
                    messages += length;
                    bytes += valueOf(memory.get(i));
                    sessions++;
                }
            }
        }
    }
}
