package dev.rmbee.federation.redis;

import static dev.rmbee.federation.redis.RedisFederationQueue.FIELD;
import static dev.rmbee.federation.redis.RedisFederationQueue.GROUP;
import static dev.rmbee.federation.redis.RedisFederationQueue.STREAM;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.redis.resp.RespCommands;
import java.nio.charset.StandardCharsets;
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
 * read them are sent too) and runs again. The writes of every entry ({@code XADD}, {@code XACK} and
 * {@code XDEL}) go through the pipelined RESP client when there is one, the workers' blocking reads
 * through RESP connections of their own when given ({@link BlockingReads}), the rest (the pending
 * list and claims, the length) through Redisson. The stages complete on the clients' threads.
 */
final class FederationStream {

    private static final Logger LOG = Logger.getLogger(RedisFederationQueue.class.getName());

    private static final byte[] XADD = ascii("XADD");
    private static final byte[] XACK = ascii("XACK");
    private static final byte[] XDEL = ascii("XDEL");
    private static final byte[] STREAM_KEY = ascii(STREAM);
    private static final byte[] GROUP_NAME = ascii(GROUP);
    private static final byte[] FIELD_NAME = ascii(FIELD);
    private static final byte[] NEW_ID = ascii("*");

    /** How much longer than its wait in Redis a blocking read on a RESP connection may take. */
    private static final long READ_TIMEOUT_MILLIS = 3_000;

    private final RedissonClient redisson;
    /** The pipelined client of the writes, or null: Redisson then sends them too. */
    private final RespCommands resp;

    private final RStreamAsync<String, byte[]> stream;
    private final String instance;
    private final BatchOptions ackBatch = BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY);

    /** The workers' blocking reads on connections of their own; a worker without one reads through Redisson. */
    private final BlockingReads reads;

    /**
     * @param resp the pipelined client of the writes; null: Redisson sends them
     * @param reads the connection of each worker's blocking reads (worker {@code i} at index {@code i})
     */
    FederationStream(RedissonClient redisson, RespCommands resp, List<RespCommands> reads, String instance) {
        this.redisson = redisson;
        this.resp = resp;
        this.reads = new BlockingReads(reads);
        this.instance = instance;
        this.stream = redisson.getStream(STREAM, RawStreamCodec.INSTANCE);
    }

    /** The consumer name of one of this instance's workers: {@code <instance>-<worker>}. */
    String consumer(int worker) {
        return instance + "-" + worker;
    }

    /** {@code XADD relay.federation.stream * msg <envelope>}. */
    CompletionStage<StreamMessageId> add(byte[] envelope) {
        if (resp != null) {
            return AsyncResults.call(() -> resp.send(STREAM, XADD, STREAM_KEY, NEW_ID, FIELD_NAME, envelope))
                    .thenApply(id -> StreamIds.parse(new String((byte[]) id, StandardCharsets.US_ASCII)));
        }
        return AsyncResults.call(() -> stream.addAsync(StreamAddArgs.entry(FIELD, envelope)));
    }

    /** {@code XLEN relay.federation.stream}: entries not yet acknowledged (acknowledged ones are deleted). */
    CompletionStage<Long> length() {
        return AsyncResults.call(stream::sizeAsync);
    }

    /** {@code XREADGROUP … COUNT max [BLOCK wait] … >}: new entries, waiting in Redis when {@code wait} is 1 ms or more. */
    CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> readNew(int worker, int max, Duration wait) {
        if (reads.serves(worker)) {
            // bounded like Redisson's: Redis's wait plus its response timeout
            long bound = wait.toMillis() + READ_TIMEOUT_MILLIS;
            return inGroup(() -> reads.read(worker, consumer(worker), max, wait)
                    .toCompletableFuture()
                    .orTimeout(bound, TimeUnit.MILLISECONDS));
        }
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

    /**
     * {@code XACK} then {@code XDEL} of the ids: pipelined on the RESP client, else in one Redisson
     * batch. Were the {@code XDEL} lost, the entry would stay in the stream acknowledged: never
     * handed out again, only counted by {@code XLEN}.
     */
    CompletionStage<Void> ackAndDelete(List<StreamMessageId> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (resp != null) {
            byte[][] ack = new byte[3 + ids.size()][];
            byte[][] delete = new byte[2 + ids.size()][];
            ack[0] = XACK;
            ack[1] = STREAM_KEY;
            ack[2] = GROUP_NAME;
            delete[0] = XDEL;
            delete[1] = STREAM_KEY;
            for (int i = 0; i < ids.size(); i++) {
                byte[] id = ascii(StreamIds.format(ids.get(i)));
                ack[3 + i] = id;
                delete[2 + i] = id;
            }
            CompletionStage<Object> acked = AsyncResults.call(() -> resp.send(STREAM, ack));
            CompletionStage<Object> deleted = AsyncResults.call(() -> resp.send(STREAM, delete));
            return acked.thenCombine(deleted, (a, d) -> (Void) null);
        }
        StreamMessageId[] all = ids.toArray(new StreamMessageId[0]);
        CompletionStage<?> done = AsyncResults.call(() -> {
            RBatch batch = redisson.createBatch(ackBatch);
            RStreamAsync<String, byte[]> batched = batch.getStream(STREAM, RawStreamCodec.INSTANCE);
            batched.ackAsync(GROUP, all);
            batched.removeAsync(all);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
