package dev.rmbee.federation.redis;

import static dev.rmbee.federation.redis.RedisFederationQueue.FIELD;
import static dev.rmbee.federation.redis.RedisFederationQueue.GROUP;
import static dev.rmbee.federation.redis.RedisFederationQueue.STREAM;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.redisson.api.stream.StreamReadGroupArgs;

/**
 * The Redis commands of the federation queue on its stream {@value RedisFederationQueue#STREAM}
 * and consumer group {@value RedisFederationQueue#GROUP}. A group command answered with {@code
 * NOGROUP} creates the group ({@code XGROUP CREATE … 0 MKSTREAM}: entries added before any relay
 * read them are sent too) and runs again. The stages complete on Redisson's threads.
 */
final class FederationStream {

    private static final Logger LOG = Logger.getLogger(RedisFederationQueue.class.getName());

    private final RedissonClient redisson;
    private final RStreamAsync<String, byte[]> stream;
    private final String instance;
    private final BatchOptions ackBatch =
            BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);

    FederationStream(RedissonClient redisson, String instance) {
        this.redisson = redisson;
        this.instance = instance;
        this.stream = redisson.getStream(STREAM, RawStreamCodec.INSTANCE);
    }

    /** The consumer name of one of this instance's workers: {@code <instance>-<worker>}. */
    String consumer(int worker) {
        return instance + "-" + worker;
    }

    /** {@code XADD relay.federation.stream * msg <envelope>}. */
    CompletionStage<StreamMessageId> add(byte[] envelope) {
        return AsyncResults.call(() -> stream.addAsync(StreamAddArgs.entry(FIELD, envelope)));
    }

    /** {@code XLEN relay.federation.stream}: entries not yet acknowledged (acknowledged ones are deleted). */
    CompletionStage<Long> length() {
        return AsyncResults.call(stream::sizeAsync);
    }

    /** {@code XREADGROUP … COUNT max [BLOCK wait] … >}: new entries, waiting in Redis when {@code wait} is 1 ms or more. */
    CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> readNew(int worker, int max, Duration wait) {
        StreamReadGroupArgs args = StreamReadGroupArgs.neverDelivered().count(max);
        if (wait.toMillis() >= 1) {
            args = args.timeout(wait);
        }
        StreamReadGroupArgs read = args;
        return inGroup(() -> stream.readGroupAsync(GROUP, consumer(worker), read));
    }

    /** {@code XPENDING} with the given range, count, consumer or idle time. */
    CompletionStage<List<PendingEntry>> listPending(StreamPendingRangeArgs args) {
        return inGroup(() -> stream.listPendingAsync(args));
    }

    /** {@code XCLAIM … <consumer> <min-idle> <id…>}: what Redis gave to the worker. */
    CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> claim(
            int worker, long minIdleMillis, StreamMessageId... ids) {
        return AsyncResults.call(
                () -> stream.claimAsync(GROUP, consumer(worker), minIdleMillis, TimeUnit.MILLISECONDS, ids));
    }

    /** {@code XACK} and {@code XDEL} of the id in one MULTI/EXEC. */
    CompletionStage<Void> ackAndDelete(StreamMessageId id) {
        CompletionStage<?> done = AsyncResults.call(() -> {
            RBatch batch = redisson.createBatch(ackBatch);
            RStreamAsync<String, byte[]> batched = batch.getStream(STREAM, RawStreamCodec.INSTANCE);
            batched.ackAsync(GROUP, id);
            batched.removeAsync(id);
            return batch.executeAsync();
        });
        return done.thenApply(result -> (Void) null);
    }

    /** Runs a command of the group; on {@code NOGROUP} creates the group (and stream) and runs it again. */
    private <T> CompletionStage<T> inGroup(Supplier<CompletionStage<T>> command) {
        return AsyncResults.call(command)
                .handle((value, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    if (!String.valueOf(AsyncResults.unwrap(error).getMessage()).contains("NOGROUP")) {
                        return CompletableFuture.<T>failedFuture(AsyncResults.unwrap(error));
                    }
                    return createGroup().thenCompose(created -> AsyncResults.call(command));
                })
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Void> createGroup() {
        StreamCreateGroupArgs args =
                StreamCreateGroupArgs.name(GROUP).id(new StreamMessageId(0, 0)).makeStream();
        return AsyncResults.call(() -> stream.createGroupAsync(args)).handle((ok, error) -> {
            if (error != null
                    && !String.valueOf(AsyncResults.unwrap(error).getMessage()).contains("BUSYGROUP")) {
                throw new CompletionException(AsyncResults.unwrap(error));
            }
            if (error == null) {
                LOG.info(() -> "federation: created consumer group " + GROUP + " on " + STREAM);
            }
            return null;
        });
    }
}
