package dev.rmbee.chain.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.rpc.RpcErrorException;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.ChainTwin;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.TwinCodec;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.FakeRpcClient;
import dev.rmbee.testing.MutableClock;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChainTwinSourceTest {

    private static final Duration CEILING_TTL = Duration.ofSeconds(60);

    private final FakeRpcClient rpc = new FakeRpcClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final AtomicInteger executed = new AtomicInteger();
    private final Executor executor = task -> {
        executed.incrementAndGet();
        task.run();
    };
    private final Map<String, byte[]> storage = new HashMap<>();
    private final ChainTwinSource source =
            new ChainTwinSource(new SubstrateApi(rpc), executor, Duration.ofSeconds(5), CEILING_TTL, clock);

    ChainTwinSourceTest() {
        rpc.answer("state_getStorage", params -> {
            byte[] value = storage.get(params.getString(0));
            return value == null ? JsonValue.NULL : FakeRpcClient.hexValue(value);
        });
    }

    private void lastId(int id) {
        storage.put(FakeRpcClient.hex(StorageKeys.twinId()), TwinCodec.encodeTwinId(id));
    }

    private Twin putTwin(int id) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) id);
        ChainTwin twin =
                new ChainTwin(id, account, "relay.example.org".getBytes(StandardCharsets.US_ASCII), List.of(), null);
        storage.put(FakeRpcClient.hex(StorageKeys.twins(id)), TwinCodec.encode(twin));
        return twin.toTwin();
    }

    @Test
    void aTwinAtOrBelowTheLastIdIsReadAndAnswersCompleteOnTheExecutor() throws Exception {
        lastId(5);
        Twin twin = putTwin(5);

        assertEquals(Optional.of(twin), source.find(5));
        assertEquals(Optional.empty(), source.find(3));
        assertEquals(1, rpc.storageCalls(StorageKeys.twins(3)).size());
        assertEquals(2, executed.get());
    }

    @Test
    void idsAboveTheLastIdAreAbsentWithoutAReadAndTheLastIdIsReadOncePerTtl() throws Exception {
        lastId(5);

        assertEquals(Optional.empty(), source.find(6));
        assertEquals(Optional.empty(), source.find(-1));
        assertEquals(0, rpc.storageCalls(StorageKeys.twins(6)).size());
        assertEquals(1, rpc.storageCalls(StorageKeys.twinId()).size());

        lastId(6);
        Twin twin = putTwin(6);
        clock.advance(CEILING_TTL.minusMillis(1));
        assertEquals(Optional.empty(), source.find(6), "the last id is still the one read");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.of(twin), source.find(6));
        assertEquals(2, rpc.storageCalls(StorageKeys.twinId()).size());
    }

    @Test
    void aStoredTwinRaisesTheLastIdAtOnce() throws Exception {
        lastId(5);
        assertEquals(Optional.empty(), source.find(7));
        Twin twin = putTwin(7);

        source.raiseLastId(7);

        assertEquals(Optional.of(twin), source.find(7));
        assertEquals(1, rpc.storageCalls(StorageKeys.twinId()).size());
    }

    @Test
    void noTwinYetMeansEveryIdIsAbove() throws Exception {
        assertEquals(Optional.empty(), source.find(1));
        assertEquals(0, rpc.storageCalls(StorageKeys.twins(1)).size());
    }

    @Test
    void concurrentLookupsShareOneReadOfTheLastId() throws Exception {
        rpc.unanswer("state_getStorage");
        List<CompletableFuture<Optional<Twin>>> answers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            answers.add(source.lookup(id));
        }
        List<FakeRpcClient.Call> reads = rpc.storageCalls(StorageKeys.twinId());
        assertEquals(1, reads.size());

        reads.get(0).answer().complete(FakeRpcClient.hexValue(TwinCodec.encodeTwinId(1)));

        assertEquals(1, rpc.storageCalls(StorageKeys.twins(1)).size());
        assertEquals(Optional.empty(), answers.get(1).get());
        assertEquals(Optional.empty(), answers.get(2).get());
        assertFalse(answers.get(0).isDone(), "twin 1 is read");
    }

    @Test
    void noAnswerWithinTheTimeoutIsRegistryUnavailable() {
        ChainTwinSource slow =
                new ChainTwinSource(new SubstrateApi(rpc), executor, Duration.ofMillis(50), CEILING_TTL, clock);
        rpc.unanswer("state_getStorage");

        RegistryException unavailable = assertThrows(RegistryException.class, () -> slow.find(1));

        assertTrue(
                unavailable.getMessage().contains("no answer from tfchain for twin 1 within"), unavailable::getMessage);
    }

    @Test
    void aNodeErrorIsRegistryUnavailableNamingIt() {
        rpc.answer("state_getStorage", params -> {
            throw new RpcErrorException("state_getStorage", 4003, "unknown block", null);
        });

        RegistryException unavailable = assertThrows(RegistryException.class, () -> source.find(1));

        assertTrue(unavailable.getMessage().startsWith("tfchain: "), unavailable::getMessage);
        assertTrue(unavailable.getMessage().contains("4003"), unavailable::getMessage);
    }

    @Test
    void anUnreadableTwinIsRegistryUnavailable() {
        lastId(5);
        storage.put(FakeRpcClient.hex(StorageKeys.twins(2)), new byte[] {1, 2, 3});

        ExecutionException failed =
                assertThrows(ExecutionException.class, () -> source.lookup(2).get());

        RegistryException unavailable = assertInstanceOf(RegistryException.class, failed.getCause());
        assertTrue(unavailable.getMessage().contains("unreadable value for twin 2"), unavailable::getMessage);
    }

    @Test
    void aRefusedRuntimeFailsEveryLookupUntilAccepted() throws Exception {
        lastId(5);
        Twin twin = putTwin(5);
        source.refuse("tfchain runtime not supported: TwinDeleted differs");

        RegistryException refused = assertThrows(RegistryException.class, () -> source.find(5));
        assertEquals("tfchain runtime not supported: TwinDeleted differs", refused.getMessage());

        source.accept();
        assertEquals(Optional.of(twin), source.find(5));
    }

    @Test
    void theTwinIdOfAnAccount() throws Exception {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) 9);
        storage.put(FakeRpcClient.hex(StorageKeys.twinIdByAccount(account)), TwinCodec.encodeTwinId(9));

        assertEquals(OptionalInt.of(9), source.findIdByAccount(account));
        assertEquals(OptionalInt.empty(), source.findIdByAccount(new byte[32]));
    }
}
