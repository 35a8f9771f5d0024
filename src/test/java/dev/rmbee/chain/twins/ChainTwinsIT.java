package dev.rmbee.chain.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.UnsupportedChainException;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestChainNode;
import dev.rmbee.testing.TestChainNode.TwinEvent;
import dev.rmbee.testing.TestMetadata;
import dev.rmbee.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ChainTwins as the relay uses it, over the JDK WebSocket against the test chain node: lookups by
 * id through the cache (absent ids remembered, ids above the last one never read), the follower
 * applying twin events, failover, stalls, catch-up after missed blocks, runtime upgrades, and a
 * runtime it cannot read.
 */
class ChainTwinsIT {

    private static final Duration BLOCK_INTERVAL = Duration.ofMillis(200);
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The head timeout of tests where the node drops the connection: the JDK WebSocket does not
     * always report a connection the node closed (the socket stays in CLOSE_WAIT), and then the
     * stalled heads are what make the pool move on.
     */
    private static final Duration DROP_NOTICED = Duration.ofSeconds(2);

    private static TestChainNode node;
    private static ExecutorService executor;
    private static ScheduledExecutorService scheduler;

    private final List<ChainTwins> started = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = TestChainNode.builder().blockInterval(BLOCK_INTERVAL).start();
        executor = Executors.newCachedThreadPool();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        if (executor != null) {
            executor.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    @BeforeEach
    void resetNode() {
        node.reset();
    }

    @AfterEach
    void closeChainTwins() {
        started.forEach(ChainTwins::close);
    }

    @Test
    void aTwinThatIsOnlyOnTheChainIsFound() throws Exception {
        Twin twin = twin(7, 1, Set.of("relay.example.org", "r2.example.org"), pk(1));
        node.putTwin(twin, TwinEvent.NONE);
        ChainTwins chain = start();

        assertEquals(Optional.of(twin), chain.registry().lookup(7).get());
        assertEquals(Optional.of(twin), chain.registry().find(7));
        assertEquals(1, twinReads(7), "the second lookup came from the cache");
        assertEquals(Optional.of(twin), chain.chain().find(7));
        assertEquals(2, twinReads(7), "the uncached chain reads every time");
    }

    @Test
    void anUnknownIdIsAbsentAndNotAskedForAgainWithinTheAbsentTtl() throws Exception {
        node.putTwin(twin(9, 1, Set.of(), null), TwinEvent.NONE);
        ChainTwins chain = start();

        assertEquals(Optional.empty(), chain.registry().find(5));
        assertEquals(1, twinReads(5));
        assertEquals(Optional.empty(), chain.registry().find(5));
        assertEquals(Optional.empty(), chain.registry().lookup(5).get());
        assertEquals(1, twinReads(5));
    }

    @Test
    void idsAboveTheChainsLastIdCostNoTwinsRead() throws Exception {
        node.putTwin(twin(9, 1, Set.of(), null), TwinEvent.NONE);
        ChainTwins chain = start();

        for (int id : new int[] {10, 1000, -1}) {
            assertEquals(Optional.empty(), chain.registry().find(id), "twin " + Integer.toUnsignedString(id));
            assertEquals(0, twinReads(id), "twin " + Integer.toUnsignedString(id));
        }
        assertTrue(node.storageReads(hex(StorageKeys.twinId())) >= 1, "the last id was read");
    }

    @Test
    void aFloodOfUnknownIdsCostsAtMostOneReadEachAndRealTwinsStillAnswer() throws Exception {
        Twin real = twin(1, 1, Set.of("relay.example.org"), pk(1));
        node.putTwin(real, TwinEvent.NONE);
        node.putTwin(twin(2000, 2, Set.of("relay.example.org"), null), TwinEvent.NONE);
        ChainTwins chain = start();
        TwinCache cache = chain.registry();

        List<CompletableFuture<Optional<Twin>>> flood = new ArrayList<>();
        for (int id = 2; id <= 4000; id++) {
            if (id != 2000) {
                flood.add(cache.lookup(id));
            }
        }
        assertEquals(Optional.of(real), cache.find(1), "a real twin answered during the flood");
        for (CompletableFuture<Optional<Twin>> answer : flood) {
            assertEquals(Optional.empty(), answer.get());
        }
        Map<String, Integer> reads = withoutEvents(node.storageReads());
        for (int id = 2; id <= 4000; id++) {
            int count = reads.getOrDefault(hex(StorageKeys.twins(id)), 0);
            if (id < 2000) {
                assertEquals(1, count, "reads of twin " + id);
            } else if (id > 2000) {
                assertEquals(0, count, "reads of twin " + id + " (above the last id)");
            }
        }
        for (int id = 2; id <= 4000; id += 7) {
            assertEquals(Optional.empty(), cache.lookup(id).get());
        }
        assertEquals(reads, withoutEvents(node.storageReads()), "the second flood came from the cache");
    }

    @Test
    void concurrentMissesForOneIdShareOneRead() throws Exception {
        Twin twin = twin(8, 1, Set.of("relay.example.org"), null);
        node.putTwin(twin, TwinEvent.NONE);
        ChainTwins chain = start();

        List<CompletableFuture<Optional<Twin>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(chain.registry().lookup(8));
        }
        for (CompletableFuture<Optional<Twin>> answer : answers) {
            assertEquals(Optional.of(twin), answer.get());
        }
        assertEquals(1, twinReads(8));
        assertEquals(1, chain.registry().misses());
    }

    @Test
    void aTwinUpdatedEventReachesTheCacheWithinItsBlock() throws Exception {
        Twin before = twin(11, 1, Set.of("old.example.org"), pk(1));
        node.putTwin(before, TwinEvent.NONE);
        long firstBlock = node.status().getJsonNumber("best").longValue();
        ChainTwins chain = start();
        assertEquals(Optional.of(before), chain.registry().find(11));

        Twin after = twin(11, 2, Set.of("new.example.org", "second.example.org"), pk(2));
        node.putTwin(after, TwinEvent.UPDATED);
        long block = node.status().getJsonNumber("best").longValue();

        Await.until(
                "the cache has the updated twin",
                () -> chain.registry().find(11).equals(Optional.of(after)));
        assertTrue(chain.followedBlock() >= block - 1, "followed up to the update's block");
        assertEquals(1, twinReads(11), "the update came from the event, not from a new read");
        long best = node.status().getJsonNumber("best").longValue();
        int eventReads = node.storageReads(hex(StorageKeys.systemEvents()));
        assertTrue(
                eventReads <= best - firstBlock + 1,
                eventReads + " reads of System.Events for blocks " + firstBlock + " to " + best
                        + ": each block is read once");
    }

    @Test
    void aTwinStoredEventAddsANewTwin() throws Exception {
        node.putTwin(twin(3, 1, Set.of(), null), TwinEvent.NONE);
        ChainTwins chain = start();
        assertEquals(Optional.empty(), chain.registry().find(12));

        Twin stored = twin(12, 5, Set.of("relay.example.org"), pk(5));
        node.putTwin(stored, TwinEvent.STORED);

        Await.until(
                "the cache has the stored twin", () -> chain.registry().find(12).equals(Optional.of(stored)));
        assertEquals(0, twinReads(12), "above the last id before, from the event after");
    }

    @Test
    void aTwinDeletedEventMakesTheTwinAbsent() throws Exception {
        Twin twin = twin(13, 1, Set.of("relay.example.org"), null);
        node.putTwin(twin, TwinEvent.NONE);
        ChainTwins chain = start();
        assertEquals(Optional.of(twin), chain.registry().find(13));

        assertTrue(node.deleteTwin(13));

        Await.until(
                "the deleted twin is absent", () -> chain.registry().find(13).isEmpty());
        assertEquals(1, twinReads(13));
    }

    @Test
    void failsOverToTheSecondUrlWhenTheFirstCloses() throws Exception {
        Twin twin = twin(14, 1, Set.of("relay.example.org"), null);
        node.putTwin(twin, TwinEvent.NONE);
        ChainTwins chain = start(settings(DROP_NOTICED, 600));
        assertEquals(Optional.of(node.urls().get(0)), chain.nodeUrl());

        node.closePort(node.rpcPorts().get(0));

        assertEquals(
                twin,
                Await.value(
                        "a lookup after the first node closed",
                        () -> chain.registry().find(14)));
        assertEquals(Optional.of(node.urls().get(1)), chain.nodeUrl());
    }

    @Test
    void withTheChainDownLookupsFailAsUnavailableAndCachedTwinsStillAnswer() throws Exception {
        Twin cached = twin(15, 1, Set.of("relay.example.org"), null);
        node.putTwin(cached, TwinEvent.NONE);
        node.putTwin(twin(16, 2, Set.of("relay.example.org"), null), TwinEvent.NONE);
        ChainTwins chain = start(settings(DROP_NOTICED, 600));
        assertEquals(Optional.of(cached), chain.registry().find(15));

        closeAllPorts();
        Await.until("no node connected", () -> !chain.connected());

        RegistryException unavailable =
                assertThrows(RegistryException.class, () -> chain.registry().find(16));
        assertTrue(unavailable.getMessage().contains("tfchain"), unavailable::getMessage);
        assertEquals(Optional.of(cached), chain.registry().find(15));
    }

    @Test
    void startedWithTheChainDownLookupsFailAsUnavailableUntilItIsUp() throws Exception {
        Twin twin = twin(21, 1, Set.of("relay.example.org"), null);
        node.putTwin(twin, TwinEvent.NONE);
        closeAllPorts();
        ChainTwins chain = new ChainTwins(settings(DROP_NOTICED, 600), executor, scheduler, Clock.systemUTC());
        started.add(chain);
        chain.start();

        assertThrows(RegistryException.class, () -> chain.registry().find(21));

        openAllPorts();
        assertEquals(
                twin,
                Await.value("a lookup once a node is up", () -> chain.registry().find(21)));
    }

    @Test
    void headsStalledForLongerThanTheHeadTimeoutMakeItReconnect() throws Exception {
        ChainTwins chain = start(settings(Duration.ofSeconds(1), 600));
        assertEquals(Optional.of(node.urls().get(0)), chain.nodeUrl());

        node.stallHeads();
        Await.until(
                "left the stalled node for the next URL",
                () -> chain.nodeUrl().equals(Optional.of(node.urls().get(1))));
        node.resumeHeads();

        long followed = chain.followedBlock();
        Await.until("blocks followed again", () -> chain.followedBlock() > followed);
    }

    @Test
    void missedBlocksBelowTheThresholdAreCaughtUp() throws Exception {
        Twin before = twin(17, 1, Set.of("old.example.org"), pk(1));
        node.putTwin(before, TwinEvent.NONE);
        ChainTwins chain = start(settings(DROP_NOTICED, 500));
        assertEquals(Optional.of(before), chain.registry().find(17));
        Await.until("following", () -> chain.followedBlock() > 0);

        closeAllPorts();
        Await.until("no node connected", () -> !chain.connected());
        Twin after = twin(17, 3, Set.of("new.example.org"), pk(3));
        node.putTwin(after, TwinEvent.UPDATED);
        node.produceBlocks(3);
        openAllPorts();

        Await.until(
                "the missed update is applied", () -> chain.registry().find(17).equals(Optional.of(after)));
        assertEquals(1, twinReads(17), "from the missed block's event, not a new read");
    }

    @Test
    void missedBlocksOverTheThresholdEmptyTheCache() throws Exception {
        Twin before = twin(18, 1, Set.of("old.example.org"), null);
        node.putTwin(before, TwinEvent.NONE);
        ChainTwins chain = start(settings(DROP_NOTICED, 5));
        assertEquals(Optional.of(before), chain.registry().find(18));
        Await.until("following", () -> chain.followedBlock() > 0);

        closeAllPorts();
        Await.until("no node connected", () -> !chain.connected());
        Twin after = twin(18, 4, Set.of("new.example.org"), null);
        node.putTwin(after, TwinEvent.NONE);
        node.produceBlocks(20);
        openAllPorts();

        Await.until("the cache emptied", () -> chain.registry().size() == 0);
        assertEquals(Optional.of(after), chain.registry().find(18));
        assertEquals(2, twinReads(18));
    }

    @Test
    void aRuntimeUpgradeRereadsTheMetadataAndEventsAreStillApplied() throws Exception {
        Twin before = twin(19, 1, Set.of("old.example.org"), null);
        node.putTwin(before, TwinEvent.NONE);
        ChainTwins chain = start();
        assertEquals(149, chain.runtime().specVersion());
        assertEquals(Optional.of(before), chain.registry().find(19));

        node.upgradeRuntime(150, Vectors.dir().resolve(TestMetadata.SPEC144));
        Await.until("the spec 150 runtime is read", () -> chain.runtime().specVersion() == 150);
        assertEquals(
                112,
                chain.runtime()
                        .metadata()
                        .error("TfgridModule", "InvalidRelayAddress")
                        .orElseThrow()
                        .index(),
                "the error index of spec 144");

        Twin after = twin(19, 6, Set.of("new.example.org"), pk(6));
        node.putTwin(after, TwinEvent.UPDATED);
        Await.until(
                "the update under the new runtime is applied",
                () -> chain.registry().find(19).equals(Optional.of(after)));
    }

    @Test
    void aNodeWhoseMetadataCannotBeReadStopsTheStartNamingWhatDiffers() throws Exception {
        Path tampered = Path.of("target", "chain-twins-it", "metadata-TwinDeletex.scale");
        Files.createDirectories(tampered.getParent());
        Files.write(tampered, replaceAll(TestMetadata.spec149Bytes(), "TwinDeleted", "TwinDeletex"));
        try (TestChainNode unreadable =
                TestChainNode.builder().metadata(tampered).freeRpcPorts(1).start()) {
            ChainTwins chain =
                    new ChainTwins(settings(unreadable, HEAD_TIMEOUT, 600), executor, scheduler, Clock.systemUTC());
            started.add(chain);

            UnsupportedChainException refused = assertThrows(UnsupportedChainException.class, chain::start);
            assertTrue(refused.getMessage().contains("TwinDeleted"), refused::getMessage);
        }
    }

    private ChainTwins start() throws InterruptedException {
        return start(settings(HEAD_TIMEOUT, 600));
    }

    private ChainTwins start(ChainTwins.Settings settings) throws InterruptedException {
        ChainTwins chain = new ChainTwins(settings, executor, scheduler, Clock.systemUTC());
        started.add(chain);
        chain.start();
        Await.until("the runtime is read", () -> chain.runtime() != null);
        return chain;
    }

    private static ChainTwins.Settings settings(Duration headTimeout, int catchupThreshold) {
        return settings(node, headTimeout, catchupThreshold);
    }

    private static ChainTwins.Settings settings(TestChainNode on, Duration headTimeout, int catchupThreshold) {
        return new ChainTwins.Settings(
                on.urls(),
                new TwinCache.Limits(1_000, Duration.ofMinutes(5), 10_000, Duration.ofMinutes(1)),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                headTimeout,
                catchupThreshold,
                new Backoff("test reconnect", Duration.ofMillis(20), Duration.ofMillis(300)));
    }

    private static void closeAllPorts() {
        node.rpcPorts().forEach(node::closePort);
    }

    private static void openAllPorts() {
        node.rpcPorts().forEach(node::openPort);
    }

    private static int twinReads(int id) {
        return node.storageReads(hex(StorageKeys.twins(id)));
    }

    private static Map<String, Integer> withoutEvents(Map<String, Integer> reads) {
        reads.remove(hex(StorageKeys.systemEvents()));
        return reads;
    }

    private static String hex(byte[] key) {
        return "0x" + HexFormat.of().formatHex(key);
    }

    private static Twin twin(int id, int accountByte, Set<String> relays, byte[] pk) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) accountByte);
        return new Twin(id, account, relays, pk);
    }

    private static byte[] pk(int seed) {
        byte[] pk = new byte[33];
        Arrays.fill(pk, (byte) seed);
        pk[0] = 2;
        return pk;
    }

    /** Replaces every occurrence of an ASCII string by one of the same length (the SCALE lengths stay right). */
    private static byte[] replaceAll(byte[] bytes, String from, String to) {
        byte[] pattern = from.getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + pattern.length <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + pattern.length, pattern, 0, pattern.length)) {
                System.arraycopy(replacement, 0, bytes, at, replacement.length);
            }
        }
        return bytes;
    }
}
