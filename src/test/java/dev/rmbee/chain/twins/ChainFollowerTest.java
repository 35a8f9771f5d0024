package dev.rmbee.chain.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.rpc.Head;
import dev.rmbee.chain.rpc.NodePool;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.scale.ScaleWriter;
import dev.rmbee.chain.tfgrid.ChainTwin;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.TwinCodec;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import dev.rmbee.testing.FakeRpcClient;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.ScriptedRpcNodes;
import dev.rmbee.testing.TestMetadata;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The follower's walk over blocks: in order, gaps filled, a fork re-read, past the threshold a flush, stalls. */
class ChainFollowerTest {

    private static final int THRESHOLD = 10;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(7);

    private final FakeRpcClient rpc = new FakeRpcClient();
    private final SubstrateApi api = new SubstrateApi(rpc);
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Map<String, byte[]> events = new HashMap<>();
    private final AtomicInteger sourceReads = new AtomicInteger();
    private final ChainTwinSource source =
            new ChainTwinSource(api, Runnable::run, Duration.ofSeconds(5), Duration.ofMinutes(1), clock);
    private final TwinCache cache = new TwinCache(
            id -> {
                sourceReads.incrementAndGet();
                return Optional.empty();
            },
            new TwinCache.Limits(100, Duration.ofMinutes(5), 100, Duration.ofMinutes(1)),
            clock);
    private final ChainRuntimes runtimes = new ChainRuntimes(source);
    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final NodePool pool = new NodePool(
            List.of(URI.create("ws://node.test")),
            nodes,
            new ManualScheduler(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            new Backoff("test", Duration.ofSeconds(1), Duration.ofSeconds(1)),
            () -> 0.5);
    private final ChainCounters counters = new ChainCounters();
    private final ChainFollower follower =
            new ChainFollower(pool, api, runtimes, cache, source, THRESHOLD, HEAD_TIMEOUT, clock, counters);

    ChainFollowerTest() {
        rpc.answer(
                "state_getRuntimeVersion",
                params -> Json.createObjectBuilder()
                        .add("specName", "substrate-threefold")
                        .add("specVersion", 149)
                        .add("transactionVersion", 2)
                        .build());
        rpc.answer("chain_getBlockHash", params -> FakeRpcClient.hexValue(hash(params.getInt(0))));
        rpc.answer("state_getMetadata", params -> FakeRpcClient.hexValue(TestMetadata.spec149Bytes()));
        rpc.answer("state_getStorage", params -> {
            byte[] value = events.get(params.getString(1));
            return value == null ? JsonValue.NULL : FakeRpcClient.hexValue(value);
        });
        runtimes.refresh(api).join();
    }

    @Test
    void theFirstHeadIsProcessedAlone() {
        follower.onHead(head(100));

        assertEquals(100, follower.processed());
        assertEquals(
                List.of(),
                rpc.calls("chain_getBlockHash").stream()
                        .filter(call -> call.params().getInt(0) != 0)
                        .toList());
        assertEquals(1, eventReads());
    }

    @Test
    void missedBlocksAreReadInOrderAndTheirEventsApplied() {
        follower.onHead(head(100));
        events.put(FakeRpcClient.hex(hash(101)), twinUpdated(twin(5, 1, "first.example.org")));
        events.put(FakeRpcClient.hex(hash(102)), twinUpdated(twin(5, 2, "second.example.org")));

        follower.onHead(head(103));

        assertEquals(103, follower.processed());
        assertEquals(List.of(101, 102), blockHashLookups());
        assertEquals(4, eventReads());
        assertEquals(
                twin(5, 2, "second.example.org").toTwin(),
                cache.lookup(5).join().orElseThrow());
        assertEquals(0, sourceReads.get());
    }

    @Test
    void aGapOverTheThresholdEmptiesTheCacheAndJumps() {
        follower.onHead(head(100));
        cache.put(twin(5, 1, "relay.example.org").toTwin());

        follower.onHead(head(100 + THRESHOLD + 1));

        assertEquals(0, cache.size());
        assertEquals(1, cache.flushes());
        assertEquals(100 + THRESHOLD + 1, follower.processed());
        assertEquals(List.of(), blockHashLookups());
    }

    @Test
    void aGapOfTheThresholdIsCaughtUp() {
        follower.onHead(head(100));
        cache.put(twin(5, 1, "relay.example.org").toTwin());

        follower.onHead(head(100 + THRESHOLD));

        assertEquals(1, cache.size());
        assertEquals(THRESHOLD - 1, blockHashLookups().size());
    }

    @Test
    void aForkAtAHeightAlreadySeenIsReadAgainAtItsOwnHash() {
        follower.onHead(head(100));
        byte[] fork = new byte[32];
        Arrays.fill(fork, (byte) 0xf0);
        events.put(FakeRpcClient.hex(fork), twinUpdated(twin(6, 3, "fork.example.org")));

        follower.onHead(new Head(100, fork, hash(99)));

        assertEquals(100, follower.processed());
        assertEquals(2, eventReads());
        assertEquals(
                twin(6, 3, "fork.example.org").toTwin(), cache.lookup(6).join().orElseThrow());
    }

    @Test
    void unreadableEventsEmptyTheCacheAndReadTheRuntimeAgain() {
        follower.onHead(head(100));
        cache.put(twin(5, 1, "relay.example.org").toTwin());
        int metadataReads = rpc.calls("state_getMetadata").size();
        events.put(FakeRpcClient.hex(hash(101)), new byte[] {4, 0, 0, 0, 0, (byte) 0xee});

        follower.onHead(head(101));

        assertEquals(0, cache.size());
        assertEquals(101, follower.processed());
        assertEquals(metadataReads + 1, rpc.calls("state_getMetadata").size());
        assertEquals(1, counters.errors(ChainCounters.Stage.DECODE));
        assertEquals(1, cache.flushes());
    }

    @Test
    void aNodeWithoutANewBlockForTheHeadTimeoutIsLeft() {
        pool.start().join();
        follower.onHead(head(100));

        clock.advance(HEAD_TIMEOUT);
        follower.checkStall();
        assertFalse(nodes.last().closedByClient(), "not past the timeout yet");

        assertEquals(0, counters.errors(ChainCounters.Stage.STALL));

        clock.advance(Duration.ofMillis(1));
        follower.checkStall();
        assertTrue(nodes.last().closedByClient());
        assertEquals(1, counters.errors(ChainCounters.Stage.STALL));
    }

    private int eventReads() {
        return rpc.storageCalls(StorageKeys.systemEvents()).size();
    }

    private List<Integer> blockHashLookups() {
        return rpc.calls("chain_getBlockHash").stream()
                .map(call -> call.params().getInt(0))
                .filter(number -> number != 0)
                .toList();
    }

    private static Head head(long number) {
        return new Head(number, hash(number), hash(number - 1));
    }

    private static byte[] hash(long number) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) number);
        hash[0] = (byte) (number >> 8);
        return hash;
    }

    private static ChainTwin twin(int id, int accountByte, String relay) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) accountByte);
        return new ChainTwin(id, account, relay.getBytes(StandardCharsets.US_ASCII), List.of(), null);
    }

    /** One block's System.Events: a TwinUpdated in phase ApplyExtrinsic(1), indices from the metadata. */
    private byte[] twinUpdated(ChainTwin twin) {
        int pallet = runtimes.current().shapes().tfgridPallet();
        int event = runtimes.current()
                .metadata()
                .event("TfgridModule", "TwinUpdated")
                .orElseThrow()
                .index();
        return new ScaleWriter()
                .compact(1)
                .u8(0)
                .u32(1)
                .u8(pallet)
                .u8(event)
                .bytes(TwinCodec.encode(twin))
                .compact(0)
                .toByteArray();
    }
}
