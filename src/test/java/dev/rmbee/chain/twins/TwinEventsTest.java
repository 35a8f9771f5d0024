package dev.rmbee.chain.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.ChainEvent;
import dev.rmbee.chain.tfgrid.ChainTwin;
import dev.rmbee.chain.tfgrid.EventRecord;
import dev.rmbee.chain.tfgrid.Phase;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.TwinCodec;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.testing.FakeRpcClient;
import dev.rmbee.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TwinEventsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final FakeRpcClient rpc = new FakeRpcClient();
    private final ChainTwinSource source = new ChainTwinSource(
            new SubstrateApi(rpc), Runnable::run, Duration.ofSeconds(5), Duration.ofMinutes(1), clock);
    private final AtomicInteger asked = new AtomicInteger();
    private final TwinCache cache = new TwinCache(
            id -> {
                asked.incrementAndGet();
                return Optional.empty();
            },
            new TwinCache.Limits(100, Duration.ofMinutes(5), 100, Duration.ofMinutes(1)),
            clock);
    private final ChainCounters counters = new ChainCounters();
    private final TwinEvents events = new TwinEvents(cache, source, counters);

    @Test
    void storedAndUpdatedPutTheTwinDeletedMarksItAbsentOthersAreSkipped() throws Exception {
        int applied = events.apply(
                7,
                List.of(
                        record(new ChainEvent.TwinStored(twin(1, "a1.example.org"))),
                        record(null),
                        record(new ChainEvent.ExtrinsicSuccess()),
                        record(new ChainEvent.TwinUpdated(twin(2, "b2.example.org"))),
                        record(new ChainEvent.TwinDeleted(3))));

        assertEquals(3, applied);
        assertEquals(Optional.of(twin(1, "a1.example.org").toTwin()), cache.find(1));
        assertEquals(Optional.of(twin(2, "b2.example.org").toTwin()), cache.find(2));
        assertEquals(Optional.empty(), cache.find(3));
        assertEquals(0, asked.get(), "every answer came from the events");
        assertEquals(1, counters.twinsStored());
        assertEquals(1, counters.twinsUpdated());
        assertEquals(1, counters.twinsDeleted());
    }

    @Test
    void eventsOfOneBlockApplyInOrder() throws Exception {
        events.apply(
                8,
                List.of(
                        record(new ChainEvent.TwinUpdated(twin(4, "old.example.org"))),
                        record(new ChainEvent.TwinDeleted(4)),
                        record(new ChainEvent.TwinDeleted(5)),
                        record(new ChainEvent.TwinStored(twin(5, "new.example.org")))));

        assertEquals(Optional.empty(), cache.find(4));
        assertEquals(Optional.of(twin(5, "new.example.org").toTwin()), cache.find(5));
    }

    @Test
    void aTwinRmbCannotRepresentIsSkippedAndTheRestApplied() throws Exception {
        int applied = events.apply(
                9,
                List.of(
                        record(new ChainEvent.TwinUpdated(twin(0, "zero.example.org"))),
                        record(new ChainEvent.TwinUpdated(twin(6, "six.example.org")))));

        assertEquals(2, applied);
        assertEquals(Optional.of(twin(6, "six.example.org").toTwin()), cache.find(6));
        assertEquals(1, cache.size());
        assertEquals(1, counters.errors(ChainCounters.Stage.CACHE_SET));
    }

    @Test
    void aStoredTwinRaisesTheSourcesLastId() throws Exception {
        rpc.answer(
                "state_getStorage",
                params -> params.getString(0).equals(FakeRpcClient.hex(StorageKeys.twinId()))
                        ? FakeRpcClient.hexValue(TwinCodec.encodeTwinId(3))
                        : FakeRpcClient.hexValue(TwinCodec.encode(twin(9, "nine.example.org"))));
        assertEquals(Optional.empty(), source.find(9));

        events.apply(10, List.of(record(new ChainEvent.TwinStored(twin(9, "nine.example.org")))));

        assertEquals(Optional.of(twin(9, "nine.example.org").toTwin()), source.find(9));
    }

    private static EventRecord record(ChainEvent typed) {
        return new EventRecord(Phase.applyExtrinsic(1), 25, "TfgridModule", 0, "Some", new byte[0], List.of(), typed);
    }

    private static ChainTwin twin(int id, String relay) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) id);
        return new ChainTwin(id, account, relay.getBytes(StandardCharsets.US_ASCII), List.of(), null);
    }
}
