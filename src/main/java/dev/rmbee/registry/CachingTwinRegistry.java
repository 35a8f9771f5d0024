package dev.rmbee.registry;

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
import java.util.concurrent.ExecutionException;

/**
 * A bounded in-memory cache in front of another registry (relay.md §10): found twins are kept for
 * a time-to-live, the least recently used entry goes first when the cache is full, "not found" and
 * failures are never cached, and concurrent misses for the same id share one lookup in the source.
 *
 * <p>Whoever changes the source must call {@link #invalidate(int)} (or {@link #invalidateAll()})
 * after the change: a lookup still in flight when the invalidation happens is not cached, and
 * lookups that start after it do not wait for that older one.
 */
public final class CachingTwinRegistry implements TwinRegistry {

    private final TwinRegistry source;
    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;

    private final Object lock = new Object();
    /** Found twins, least recently used first. Guarded by {@link #lock}. */
    private final LinkedHashMap<Integer, Entry> entries;
    /** The lookup in flight per id, shared by every caller that misses meanwhile. Guarded by {@link #lock}. */
    private final Map<Integer, CompletableFuture<Optional<Twin>>> inFlight = new HashMap<>();

    /**
     * @param source     where misses are looked up
     * @param maxEntries how many twins the cache holds at most (at least 1)
     * @param ttl        how long a found twin is served from the cache (positive)
     * @param clock      the time source for expiry
     */
    public CachingTwinRegistry(TwinRegistry source, int maxEntries, Duration ttl, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
                return size() > CachingTwinRegistry.this.maxEntries;
            }
        };
    }

    @Override
    public Optional<Twin> find(int twinId) throws RegistryException {
        Instant now = clock.instant();
        CompletableFuture<Optional<Twin>> lookup;
        boolean mine = false;
        synchronized (lock) {
            Entry cached = entries.get(twinId);
            if (cached != null) {
                if (now.isBefore(cached.expiresAt)) {
                    return Optional.of(cached.twin);
                }
                entries.remove(twinId);
            }
            lookup = inFlight.get(twinId);
            if (lookup == null) {
                lookup = new CompletableFuture<>();
                inFlight.put(twinId, lookup);
                mine = true;
            }
        }
        return mine ? load(twinId, lookup) : await(lookup);
    }

    private Optional<Twin> load(int twinId, CompletableFuture<Optional<Twin>> lookup) throws RegistryException {
        Optional<Twin> found;
        try {
            found = Objects.requireNonNull(source.find(twinId), "the source registry answered null");
        } catch (RegistryException | RuntimeException | Error e) {
            synchronized (lock) {
                inFlight.remove(twinId, lookup);
            }
            lookup.completeExceptionally(e);
            throw e;
        }
        Instant expiresAt = clock.instant().plus(ttl);
        synchronized (lock) {
            // not registered any more: invalidated while the source was asked, so the answer may be stale
            if (inFlight.remove(twinId, lookup) && found.isPresent()) {
                entries.put(twinId, new Entry(found.get(), expiresAt));
            }
        }
        lookup.complete(found);
        return found;
    }

    private static Optional<Twin> await(CompletableFuture<Optional<Twin>> lookup) throws RegistryException {
        try {
            return lookup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting for a twin lookup", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RegistryException failed) {
                throw new RegistryException(failed.getMessage(), failed);
            }
            if (cause instanceof RuntimeException failed) {
                throw failed;
            }
            if (cause instanceof Error failed) {
                throw failed;
            }
            throw new RegistryException("twin lookup failed: " + cause, cause);
        }
    }

    /** Asked of the source every time: a peer looks itself up once, nothing worth caching. */
    @Override
    public OptionalInt findIdByAccount(byte[] account) throws RegistryException {
        return source.findIdByAccount(account);
    }

    /** Forgets the twin with this id; the next lookup asks the source. */
    public void invalidate(int twinId) {
        synchronized (lock) {
            entries.remove(twinId);
            inFlight.remove(twinId);
        }
    }

    /** Forgets every twin; the next lookups ask the source. */
    public void invalidateAll() {
        synchronized (lock) {
            entries.clear();
            inFlight.clear();
        }
    }

    /** How many twins are cached, expired ones not yet dropped included. */
    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    private record Entry(Twin twin, Instant expiresAt) {}
}
