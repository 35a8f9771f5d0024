package dev.rmbee.chain.twins;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.TwinCodec;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Twins as the chain has them at its best block: {@code TfgridModule.Twins(id)} with one
 * {@code state_getStorage}, {@code TwinIdByAccountID} for a peer's start. Ids above the chain's
 * last assigned id ({@code TwinID}; ids are given out in sequence) are answered "unknown" without
 * asking for them, the last id read again at most once per {@code ceilingTtl}: a flood of made-up
 * ids costs the chain next to nothing. Answers complete on {@code executor}, never on the socket's
 * thread; a lookup that takes longer than the timeout fails as "registry unavailable".
 */
public final class ChainTwinSource implements TwinRegistry {

    private final SubstrateApi api;
    private final Executor executor;
    private final Duration timeout;
    private final Duration ceilingTtl;
    private final Clock clock;
    private final Object lock = new Object();
    private long ceiling = -1;
    private Instant ceilingReadAt = Instant.MIN;
    private CompletableFuture<Long> ceilingRead;
    private volatile String refusal;

    public ChainTwinSource(SubstrateApi api, Executor executor, Duration timeout, Duration ceilingTtl, Clock clock) {
        this.api = api;
        this.executor = executor;
        this.timeout = timeout;
        this.ceilingTtl = ceilingTtl;
        this.clock = clock;
    }

    @Override
    public Optional<Twin> find(int twinId) throws RegistryException {
        return RegistryException.await(lookup(twinId), "twin " + Integer.toUnsignedString(twinId));
    }

    @Override
    public CompletableFuture<Optional<Twin>> lookup(int twinId) {
        long id = Integer.toUnsignedLong(twinId);
        String refused = refusal;
        if (refused != null) {
            return CompletableFuture.failedFuture(new RegistryException(refused));
        }
        CompletableFuture<Optional<Twin>> answer = lastId().thenCompose(last -> id > last
                ? CompletableFuture.completedFuture(Optional.<Twin>empty())
                : api.storage(StorageKeys.twins(twinId)).thenApply(value -> value.map(ChainTwinSource::twin)));
        return settle(answer, "twin " + id);
    }

    @Override
    public OptionalInt findIdByAccount(byte[] account) throws RegistryException {
        CompletableFuture<OptionalInt> id = api.storage(StorageKeys.twinIdByAccount(account))
                .thenApply(value ->
                        value.map(TwinCodec::decodeTwinId).map(OptionalInt::of).orElse(OptionalInt.empty()));
        return RegistryException.await(settle(id, "the twin id of an account"), "the twin id of an account");
    }

    /** Answers every lookup with this failure until {@link #accept()}: a runtime rmb-ee cannot read. */
    void refuse(String reason) {
        refusal = reason;
    }

    /** Looks twins up again (a runtime rmb-ee can read). */
    void accept() {
        refusal = null;
    }

    /** A twin with this id exists now (its {@code TwinStored} event): ids up to it are real. */
    public void raiseLastId(int twinId) {
        synchronized (lock) {
            ceiling = Math.max(ceiling, Integer.toUnsignedLong(twinId));
        }
    }

    /** The chain's last assigned twin id, read again once it is older than the ceiling's ttl. */
    private CompletableFuture<Long> lastId() {
        Instant now = clock.instant();
        synchronized (lock) {
            if (ceiling >= 0 && now.isBefore(ceilingReadAt.plus(ceilingTtl))) {
                return CompletableFuture.completedFuture(ceiling);
            }
            if (ceilingRead != null) {
                return ceilingRead;
            }
            CompletableFuture<Long> read = api.storage(StorageKeys.twinId())
                    .thenApply(value -> value.map(TwinCodec::decodeTwinId)
                            .map(Integer::toUnsignedLong)
                            .orElse(0L));
            ceilingRead = read;
            // may run at once (a read that failed at once, no node connected), clearing ceilingRead
            read.whenComplete((last, failure) -> lastIdRead(read, last, now));
            return read;
        }
    }

    private void lastIdRead(CompletableFuture<Long> read, Long last, Instant readAt) {
        synchronized (lock) {
            if (ceilingRead == read) {
                ceilingRead = null;
            }
            if (last != null) {
                ceiling = Math.max(ceiling, last);
                ceilingReadAt = readAt;
            }
        }
    }

    private static Twin twin(byte[] value) {
        return TwinCodec.decode(value).toTwin();
    }

    /** The answer with the timeout, failures as {@link RegistryException}, completed on the executor. */
    private <T> CompletableFuture<T> settle(CompletableFuture<T> answer, String what) {
        CompletableFuture<T> settled = new CompletableFuture<>();
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            if (failure == null) {
                executor.execute(() -> settled.complete(value));
            } else {
                RegistryException error = unavailable(what, AsyncResults.unwrap(failure));
                executor.execute(() -> settled.completeExceptionally(error));
            }
        });
        return settled;
    }

    private RegistryException unavailable(String what, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return new RegistryException(
                    "no answer from tfchain for " + what + " within " + timeout.toSeconds() + " s", cause);
        }
        if (cause instanceof ScaleException) {
            return new RegistryException(
                    "tfchain answered an unreadable value for " + what + ": " + cause.getMessage(), cause);
        }
        return new RegistryException("tfchain: " + AsyncResults.describe(cause), cause);
    }
}
