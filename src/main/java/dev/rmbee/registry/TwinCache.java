package dev.rmbee.registry;

import dev.rmbee.async.AsyncResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded in-memory cache in front of a remote registry: found twins are kept for a
 * time-to-live, twins that do not exist for a shorter one (in a table of their own, so a flood of
 * unknown ids never pushes a real twin out), the least recently used entry goes first when a table
 * is full, failures are never cached, and concurrent misses for one id share one lookup.
 *
 * <p>Whoever learns of a change (the chain's events) calls {@link #put}, {@link #markAbsent} or
 * {@link #invalidateAll}: a lookup still in flight then is not cached, and later lookups do not
 * wait for it.
 */
public final class TwinCache implements TwinRegistry {

    /** How much the cache holds and for how long. */
    public record Limits(int maxEntries, Duration ttl, int maxAbsent, Duration absentTtl) {
        public Limits {
            if (maxEntries < 1 || maxAbsent < 1) {
                throw new IllegalArgumentException("cache sizes must be at least 1");
            }
            if (!isPositive(ttl) || !isPositive(absentTtl)) {
                throw new IllegalArgumentException("cache time-to-live must be positive");
            }
        }

        private static boolean isPositive(Duration duration) {
            return duration != null && !duration.isNegative() && !duration.isZero();
        }
    }

    private final TwinRegistry source;
    private final Limits limits;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}, least recently used first, like {@link #absent}. */
    private final Map<Integer, Entry> found;

    private final Map<Integer, Instant> absent;
    private final Map<Integer, CompletableFuture<Optional<Twin>>> inFlight = new HashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder flushes = new LongAdder();

    public TwinCache(TwinRegistry source, Limits limits, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.found = lru(limits.maxEntries());
        this.absent = lru(limits.maxAbsent());
    }

    @Override
    public Optional<Twin> find(int twinId) throws RegistryException {
        return RegistryException.await(lookup(twinId), "twin " + Integer.toUnsignedString(twinId));
    }

    @Override
    public CompletableFuture<Optional<Twin>> lookup(int twinId) {
        Instant now = clock.instant();
        CompletableFuture<Optional<Twin>> mine;
        synchronized (lock) {
            Optional<Twin> cached = cached(twinId, now);
            if (cached != null) {
                hits.increment();
                return CompletableFuture.completedFuture(cached);
            }
            CompletableFuture<Optional<Twin>> shared = inFlight.get(twinId);
            if (shared != null) {
                return shared;
            }
            misses.increment();
            mine = new CompletableFuture<>();
            inFlight.put(twinId, mine);
        }
        AsyncResults.call(() -> source.lookup(twinId))
                .whenComplete((twin, failure) -> settle(twinId, mine, twin, failure));
        return mine;
    }

    /** The cached answer, null when there is none (or it expired). Call with the lock held. */
    private Optional<Twin> cached(int twinId, Instant now) {
        Entry entry = found.get(twinId);
        if (entry != null) {
            if (now.isBefore(entry.expiresAt)) {
                return Optional.of(entry.twin);
            }
            found.remove(twinId);
        }
        Instant absentUntil = absent.get(twinId);
        if (absentUntil != null) {
            if (now.isBefore(absentUntil)) {
                return Optional.empty();
            }
            absent.remove(twinId);
        }
        return null;
    }

    private void settle(int twinId, CompletableFuture<Optional<Twin>> mine, Optional<Twin> twin, Throwable failure) {
        Instant now = clock.instant();
        synchronized (lock) {
            // not registered any more: invalidated while the source was asked, so the answer may be stale
            if (inFlight.remove(twinId, mine) && failure == null) {
                if (twin.isPresent()) {
                    found.put(twinId, new Entry(twin.get(), now.plus(limits.ttl())));
                } else {
                    absent.put(twinId, now.plus(limits.absentTtl()));
                }
            }
        }
        if (failure != null) {
            mine.completeExceptionally(asRegistryException(AsyncResults.unwrap(failure)));
        } else {
            mine.complete(twin);
        }
    }

    /** Asked of the source every time: a peer looks itself up once, nothing worth caching. */
    @Override
    public OptionalInt findIdByAccount(byte[] account) throws RegistryException {
        return source.findIdByAccount(account);
    }

    /** Caches this twin as it is now (a {@code TwinStored}/{@code TwinUpdated} event). */
    public void put(Twin twin) {
        Instant expiresAt = clock.instant().plus(limits.ttl());
        synchronized (lock) {
            found.put(twin.id(), new Entry(twin, expiresAt));
            absent.remove(twin.id());
            inFlight.remove(twin.id());
        }
    }

    /** Caches that this twin does not exist (a {@code TwinDeleted} event). */
    public void markAbsent(int twinId) {
        Instant expiresAt = clock.instant().plus(limits.absentTtl());
        synchronized (lock) {
            found.remove(twinId);
            absent.put(twinId, expiresAt);
            inFlight.remove(twinId);
        }
    }

    /** Forgets the twin with this id; the next lookup asks the source. */
    public void invalidate(int twinId) {
        synchronized (lock) {
            found.remove(twinId);
            absent.remove(twinId);
            inFlight.remove(twinId);
        }
    }

    /** Forgets every twin; the next lookups ask the source. */
    public void invalidateAll() {
        synchronized (lock) {
            found.clear();
            absent.clear();
            inFlight.clear();
        }
        flushes.increment();
    }

    /** How many found twins are cached, expired ones not yet dropped included. */
    public int size() {
        synchronized (lock) {
            return found.size();
        }
    }

    /** Lookups answered from the cache (found or absent). */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that asked the source (concurrent misses that shared one count once). */
    public long misses() {
        return misses.sum();
    }

    /** Times the whole cache was emptied ({@link #invalidateAll}). */
    public long flushes() {
        return flushes.sum();
    }

    private static RegistryException asRegistryException(Throwable cause) {
        if (cause instanceof RegistryException failed) {
            return failed;
        }
        return new RegistryException("twin lookup failed: " + AsyncResults.describe(cause), cause);
    }

    private static <V> Map<Integer, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    private record Entry(Twin twin, Instant expiresAt) {}
}
