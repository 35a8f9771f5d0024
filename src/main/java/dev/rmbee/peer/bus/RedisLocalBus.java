package dev.rmbee.peer.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The local API on Redis: the blocking takes through Redisson, everything else (the scripts,
 * {@code GET}) through Redisson too or through the project's pipelined RESP client
 * ({@link RespCalls}, one connection, no executor of its own). Values are raw bytes (Redisson's
 * {@link ByteArrayCodec}): the JSON exactly as clients push and read it, the Backlog as its
 * protobuf encoding — never Redisson's default codec, whose framing no other client would
 * understand.
 *
 * <p>Commands, as MONITOR shows them: {@code BRPOPLPUSH msgbus.system.local
 * rmb-ee.peer.<twin>.taken.msgbus.system.local <s>} (and the same for {@code msgbus.system.reply})
 * when nothing waits, otherwise the scripts of {@link LocalScripts} (several items taken in one
 * call; several finished items removed, and the backlogs of requests stored with {@code SET
 * msgbus.backlog.<uid> <bytes> PX <ms>}, in one call; a push with its trim in one call); {@code
 * GET msgbus.backlog.<uid>}. The moves and the scripts name several keys, which a Redis Cluster
 * would need in one slot.
 *
 * <p>The clients belong to the caller, who shuts them down after the gateway stopped.
 */
public final class RedisLocalBus implements LocalBus {

    private final RedissonClient redisson;
    private final BusCalls calls;
    private final Executor executor;
    private final int twin;
    /** The empty TTL argument of {@link LocalScripts#FINISH}: remove the item. */
    private static final byte[] NO_TTL = new byte[0];

    /**
     * @param redisson a connected client (stays the caller's)
     * @param executor completes the returned stages; in the container a managed executor
     * @param twin the gateway's twin, which names its internal keys ({@link LocalKeys#takenList},
     *     {@link LocalKeys#seenKey})
     */
    public RedisLocalBus(RedissonClient redisson, Executor executor, int twin) {
        this(redisson, new RedissonCalls(redisson), executor, twin);
    }

    /**
     * The takes through {@code redisson}, every other command through {@code resp}.
     *
     * @param resp a client of the same Redis server and database (stays the caller's)
     */
    public RedisLocalBus(RedissonClient redisson, RespCommands resp, Executor executor, int twin) {
        this(redisson, new RespCalls(Objects.requireNonNull(resp, "resp")), executor, twin);
    }

    private RedisLocalBus(RedissonClient redisson, BusCalls calls, Executor executor, int twin) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.calls = calls;
        this.twin = twin;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletionStage<Optional<LocalItem>> take(String list, Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the take timeout must be at least one second (0 blocks forever)");
        }
        String taken = LocalKeys.takenList(twin, list);
        CompletionStage<Optional<LocalItem>> moved = call(() -> redisson.<byte[]>getBlockingQueue(
                                list, ByteArrayCodec.INSTANCE)
                        .pollLastAndOfferFirstToAsync(taken, timeout.toSeconds(), TimeUnit.SECONDS))
                .thenApply(json -> json == null ? Optional.<LocalItem>empty() : Optional.of(new LocalItem(list, json)));
        return done(moved, "BRPOPLPUSH " + list + " " + taken);
    }

    @Override
    public CompletionStage<List<LocalItem>> takeSome(String list, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        List<String> keys = List.of(list, LocalKeys.takenList(twin, list));
        CompletionStage<List<LocalItem>> taken = calls.evalList(LocalScripts.TAKE_SOME, keys, ascii(max))
                .thenApply(items -> {
                    List<LocalItem> result = new ArrayList<>(items.size());
                    for (byte[] json : items) {
                        result.add(new LocalItem(list, json));
                    }
                    return result;
                });
        return done(taken, "EVAL (take from " + list + ")");
    }

    @Override
    public CompletionStage<Void> finish(List<FinishedItem> items) {
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> keys = new ArrayList<>();
        List<byte[]> args = new ArrayList<>();
        addFinishes(items, keys, args);
        CompletionStage<Void> removed = calls.evalLong(LocalScripts.FINISH, keys, args.toArray(byte[][]::new))
                .thenApply(found -> null);
        String command = "EVAL (finish " + items.size() + " taken items)";
        return calls.completesInPlace() ? failures(removed, command) : done(removed, command);
    }

    /** The keys and argument pairs of {@link LocalScripts#FINISH} for {@code items}. */
    private void addFinishes(List<FinishedItem> items, List<String> keys, List<byte[]> args) {
        for (FinishedItem finished : items) {
            finished.backlog().ifPresent(backlog -> {
                keys.add(LocalKeys.backlogKey(backlog.getUid()));
                args.add(backlog.toByteArray());
                args.add(ascii(Math.max(1, finished.backlogTtl().toMillis())));
            });
            keys.add(LocalKeys.takenList(twin, finished.item().list()));
            args.add(finished.item().json());
            args.add(NO_TTL);
        }
    }

    @Override
    public CompletionStage<Long> requeueTaken() {
        List<String> keys = List.of(
                LocalKeys.takenList(twin, LocalKeys.SYSTEM_LOCAL),
                LocalKeys.SYSTEM_LOCAL,
                LocalKeys.takenList(twin, LocalKeys.SYSTEM_REPLY),
                LocalKeys.SYSTEM_REPLY);
        CompletionStage<Long> moved = calls.evalLong(LocalScripts.REQUEUE_TAKEN, keys);
        return done(moved, "EVAL (requeue taken items)");
    }

    @Override
    public CompletionStage<Void> push(String list, byte[] json) {
        Objects.requireNonNull(json, "json");
        CompletionStage<Void> pushed = calls.evalLong(
                        LocalScripts.PUSH, List.of(list), json, ascii(LocalKeys.MAX_LIST_LENGTH - 1))
                .thenApply(length -> null);
        return done(pushed, "LPUSH " + list);
    }

    @Override
    public CompletionStage<Boolean> pushOnce(
            String list, byte[] json, String seen, Duration ttl, List<FinishedItem> finished) {
        Objects.requireNonNull(json, "json");
        List<String> keys = new ArrayList<>(2 + 2 * finished.size());
        keys.add(list);
        keys.add(LocalKeys.seenKey(twin, seen));
        List<byte[]> args = new ArrayList<>(3 + 4 * finished.size());
        args.add(json);
        args.add(ascii(Math.max(1, ttl.toMillis())));
        args.add(ascii(LocalKeys.MAX_LIST_LENGTH - 1));
        addFinishes(finished, keys, args);
        CompletionStage<Boolean> pushed = calls.evalLong(LocalScripts.PUSH_ONCE, keys, args.toArray(byte[][]::new))
                .thenApply(result -> {
                    if (result != null && result == LocalScripts.WRONG_TYPE) {
                        throw new WrongTypeException();
                    }
                    return result != null && result == 1L;
                });
        return done(pushed, "LPUSH " + list);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public CompletionStage<Optional<Backlog>> backlog(String uid) {
        String key = LocalKeys.backlogKey(uid);
        CompletionStage<Optional<Backlog>> found = calls.get(key).thenApply(bytes -> {
            if (bytes == null) {
                return Optional.<Backlog>empty();
            }
            try {
                return Optional.of(Backlog.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the value of " + key + " is not a Backlog: " + e.getMessage(), e);
            }
        });
        return done(found, "GET " + key);
    }

    /** Redisson's call as a stage; a call that throws (client shut down, ...) gives a failed stage. */
    private static <T> CompletionStage<T> call(java.util.function.Supplier<RFuture<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletionStage<T> done(CompletionStage<T> stage, String command) {
        return AsyncResults.completeOn(executor, stage, error -> failure(error, command));
    }

    /** {@code stage} where it completes, its failure as a {@link LocalBusException}. */
    private static <T> CompletionStage<T> failures(CompletionStage<T> stage, String command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure(error, command));
            }
        });
        return result;
    }

    private static Throwable failure(Throwable error, String command) {
        Throwable cause = AsyncResults.unwrap(error);
        return new LocalBusException("redis error: " + command + ": " + AsyncResults.describe(cause), cause);
    }
}
