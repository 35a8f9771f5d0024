package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwinCacheTest {

    private static final Duration TTL = Duration.ofSeconds(300);
    private static final Duration ABSENT_TTL = Duration.ofSeconds(10);

    private final CountingSource source = new CountingSource();
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger submitted = new AtomicInteger();

    @AfterEach
    void stopThreads() {
        source.release();
        threads.shutdownNow();
    }

    private TwinCache cache(int maxEntries) {
        return new TwinCache(source, new TwinCache.Limits(maxEntries, TTL, maxEntries, ABSENT_TTL), clock);
    }

    /** Looks {@code id} up on another thread that the test can watch wait. */
    private Future<Optional<Twin>> findOnAnotherThread(TwinCache cache, int id) {
        submitted.incrementAndGet();
        return threads.submit(() -> {
            workers.add(Thread.currentThread());
            return cache.find(id);
        });
    }

    private static Twin twin(int id, String relay) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) id);
        return new Twin(id, account, Set.of(relay), null);
    }

    @Test
    void foundTwinsAreServedFromTheCacheUntilTheirTtlEnds() throws Exception {
        source.put(twin(1, "a"));
        TwinCache cache = cache(10);
        assertEquals(Optional.of(twin(1, "a")), cache.find(1));
        clock.advance(TTL.minusMillis(1));
        assertEquals(Optional.of(twin(1, "a")), cache.find(1));
        assertEquals(1, source.calls(1));

        source.put(twin(1, "b"));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(twin(1, "b")), cache.find(1), "expired at exactly the ttl");
        assertEquals(2, source.calls(1));
    }

    @Test
    void theTtlCountsFromWhenTheSourceAnswered() throws Exception {
        source.put(twin(1, "a"));
        source.onLookup = () -> clock.advance(Duration.ofSeconds(10));
        TwinCache cache = cache(10);
        cache.find(1);
        source.onLookup = () -> {};
        clock.advance(TTL.minusMillis(1));
        cache.find(1);
        assertEquals(1, source.calls(1));
    }

    @Test
    void notFoundIsCachedForTheShorterAbsentTtl() throws Exception {
        TwinCache cache = cache(10);
        assertEquals(Optional.empty(), cache.find(7));
        source.put(twin(7, "a"));
        clock.advance(ABSENT_TTL.minusMillis(1));
        assertEquals(Optional.empty(), cache.find(7));
        assertEquals(1, source.calls(7), "one lookup per unknown id per interval");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(twin(7, "a")), cache.find(7), "asked again once the interval is over");
        assertEquals(2, source.calls(7));
    }

    @Test
    void unknownIdsNeverPushFoundTwinsOut() throws Exception {
        source.put(twin(1, "a"));
        TwinCache cache = cache(2);
        cache.find(1);
        for (int id = 100; id < 110; id++) {
            assertEquals(Optional.empty(), cache.find(id));
        }
        assertEquals(Optional.of(twin(1, "a")), cache.find(1));
        assertEquals(1, source.calls(1));
        assertEquals(Optional.empty(), cache.find(109));
        assertEquals(Optional.empty(), cache.find(100));
        assertEquals(1, source.calls(109));
        assertEquals(2, source.calls(100), "the absent table holds the two most recent unknown ids only");
    }

    @Test
    void eventsReplaceAndDropEntriesWithoutAskingTheSource() throws Exception {
        source.put(twin(1, "a"));
        TwinCache cache = cache(10);
        cache.find(1);
        cache.put(twin(1, "b"));
        assertEquals(Optional.of(twin(1, "b")), cache.find(1));
        cache.markAbsent(1);
        assertEquals(Optional.empty(), cache.find(1));
        cache.put(twin(2, "c"));
        assertEquals(Optional.of(twin(2, "c")), cache.find(2));
        assertEquals(1, source.calls(1));
        assertEquals(0, source.calls(2));
        assertEquals(1, cache.misses());
    }

    @Test
    void aCachedAnswerIsCompleteAtOnce() throws Exception {
        source.put(twin(1, "a"));
        TwinCache cache = cache(10);
        cache.find(1);
        assertTrue(cache.lookup(1).isDone());
        assertEquals(1, cache.hits());
    }

    @Test
    void failuresAreNotCached() throws Exception {
        source.put(twin(1, "a"));
        source.failure = new RegistryException("chain unreachable");
        TwinCache cache = cache(10);
        assertEquals(
                "chain unreachable",
                assertThrows(RegistryException.class, () -> cache.find(1)).getMessage());
        source.failure = null;
        assertEquals(Optional.of(twin(1, "a")), cache.find(1));
        assertEquals(2, source.calls(1));
    }

    @Test
    void theLeastRecentlyUsedTwinIsEvictedWhenFull() throws Exception {
        for (int id = 1; id <= 3; id++) {
            source.put(twin(id, "r" + id));
        }
        TwinCache cache = cache(2);
        cache.find(1);
        cache.find(2);
        cache.find(1); // 2 is now the least recently used
        cache.find(3);
        assertEquals(2, cache.size());
        cache.find(1);
        cache.find(3);
        assertEquals(1, source.calls(1));
        assertEquals(1, source.calls(3));
        cache.find(2);
        assertEquals(2, source.calls(2), "2 was evicted");
    }

    @Test
    void invalidateMakesTheNextLookupAskTheSource() throws Exception {
        source.put(twin(1, "a"));
        source.put(twin(2, "a"));
        TwinCache cache = cache(10);
        cache.find(1);
        cache.find(2);
        source.put(twin(1, "b"));
        cache.invalidate(1);
        assertEquals(Optional.of(twin(1, "b")), cache.find(1));
        assertEquals(Optional.of(twin(2, "a")), cache.find(2));
        assertEquals(2, source.calls(1));
        assertEquals(1, source.calls(2));

        assertEquals(0, cache.flushes());
        cache.invalidateAll();
        assertEquals(0, cache.size());
        assertEquals(1, cache.flushes());
        cache.find(1);
        cache.find(2);
        assertEquals(3, source.calls(1));
        assertEquals(2, source.calls(2));
    }

    @Test
    void concurrentMissesShareOneLookup() throws Exception {
        source.put(twin(5, "a"));
        source.holdFirstLookup();
        TwinCache cache = cache(10);
        List<Future<Optional<Twin>>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(findOnAnotherThread(cache, 5));
        }
        awaitAllWaiting();
        source.release();
        for (Future<Optional<Twin>> result : results) {
            assertEquals(Optional.of(twin(5, "a")), result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, source.calls(5));
        assertEquals(Optional.of(twin(5, "a")), cache.find(5));
        assertEquals(1, source.calls(5));
    }

    @Test
    void concurrentMissesShareOneFailure() throws Exception {
        source.failure = new RegistryException("chain unreachable");
        source.holdFirstLookup();
        TwinCache cache = cache(10);
        List<Future<Optional<Twin>>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(findOnAnotherThread(cache, 5));
        }
        awaitAllWaiting();
        source.release();
        for (Future<Optional<Twin>> result : results) {
            Throwable failure = assertThrows(
                            java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS))
                    .getCause();
            assertTrue(failure instanceof RegistryException, failure.toString());
            assertEquals("chain unreachable", failure.getMessage());
        }
        assertEquals(1, source.calls(5));
    }

    @Test
    void aLookupInFlightDuringAnInvalidationIsNeitherCachedNorJoined() throws Exception {
        source.put(twin(1, "old"));
        source.holdFirstLookup();
        TwinCache cache = cache(10);
        Future<Optional<Twin>> stale = findOnAnotherThread(cache, 1);
        awaitAllWaiting();

        source.put(twin(1, "new"));
        cache.invalidate(1);
        // started after the invalidation: its own lookup, not the one still in flight
        assertEquals(Optional.of(twin(1, "new")), cache.find(1));
        assertEquals(2, source.calls(1));

        source.release();
        assertEquals(Optional.of(twin(1, "old")), stale.get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of(twin(1, "new")), cache.find(1), "the stale answer did not replace the cached one");
        assertEquals(2, source.calls(1));
    }

    @Test
    void aLookupInFlightDuringInvalidateAllIsNotCached() throws Exception {
        source.put(twin(1, "old"));
        source.holdFirstLookup();
        TwinCache cache = cache(10);
        Future<Optional<Twin>> stale = findOnAnotherThread(cache, 1);
        awaitAllWaiting();
        cache.invalidateAll();
        source.release();
        assertEquals(Optional.of(twin(1, "old")), stale.get(10, TimeUnit.SECONDS));
        assertEquals(0, cache.size());
        cache.find(1);
        assertEquals(2, source.calls(1));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new TwinCache.Limits(0, TTL, 1, TTL));
        assertThrows(IllegalArgumentException.class, () -> new TwinCache.Limits(1, TTL, 0, TTL));
        assertThrows(IllegalArgumentException.class, () -> new TwinCache.Limits(1, Duration.ZERO, 1, TTL));
        assertThrows(IllegalArgumentException.class, () -> new TwinCache.Limits(1, TTL, 1, Duration.ofSeconds(-1)));
        TwinCache.Limits limits = new TwinCache.Limits(1, TTL, 1, TTL);
        assertThrows(NullPointerException.class, () -> new TwinCache(null, limits, clock));
        assertThrows(NullPointerException.class, () -> new TwinCache(source, limits, null));
    }

    /**
     * Waits until every thread started by {@link #findOnAnotherThread} is parked inside the cache:
     * one in the held source lookup, the others waiting for its answer.
     */
    private void awaitAllWaiting() throws InterruptedException {
        source.awaitBlocked();
        Await.until(
                "every lookup waiting in the cache (" + submitted.get() + " started)",
                () -> workers.size() == submitted.get() && workers.stream().allMatch(TwinCacheTest::parked));
    }

    private static boolean parked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** A registry that counts lookups per id and can hold the first lookup until released. */
    private final class CountingSource implements TwinRegistry {
        private final Map<Integer, Twin> twins = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        private final CountDownLatch blocked = new CountDownLatch(1);
        private final AtomicBoolean heldOnce = new AtomicBoolean();
        volatile RegistryException failure;
        volatile Runnable onLookup = () -> {};

        void put(Twin twin) {
            twins.put(twin.id(), twin);
        }

        int calls(int id) {
            AtomicInteger count = calls.get(id);
            return count == null ? 0 : count.get();
        }

        void holdFirstLookup() {
            gate.set(new CountDownLatch(1));
        }

        void release() {
            CountDownLatch current = gate.get();
            if (current != null) {
                current.countDown();
            }
        }

        void awaitBlocked() throws InterruptedException {
            if (!blocked.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("no lookup reached the source");
            }
        }

        @Override
        public Optional<Twin> find(int twinId) throws RegistryException {
            calls.computeIfAbsent(twinId, id -> new AtomicInteger()).incrementAndGet();
            onLookup.run();
            // the answer is what the registry held when asked, however long the reply then takes
            Optional<Twin> answer = Optional.ofNullable(twins.get(twinId));
            RegistryException failing = failure;
            CountDownLatch held = gate.get();
            if (held != null && !heldOnce.getAndSet(true)) {
                blocked.countDown();
                try {
                    held.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing != null) {
                throw failing;
            }
            return answer;
        }
    }
}
