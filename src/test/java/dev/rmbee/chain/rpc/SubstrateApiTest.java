package dev.rmbee.chain.rpc;

import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.ScriptedRpcNodes;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubstrateApiTest {

    static final byte[] HASH = filled(0xab, 32);
    static final byte[] PARENT = filled(0xcd, 32);

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final NodePool pool = NodePoolTest.pool(nodes, new ManualScheduler());
    private final SubstrateApi api = new SubstrateApi(pool);

    SubstrateApiTest() {
        pool.start().join();
    }

    static byte[] filled(int value, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static JsonValue hex(byte[] bytes) {
        return Json.createValue("0x" + HexFormat.of().formatHex(bytes));
    }

    private JsonArray params(String method) {
        return nodes.last().request(method).getJsonArray("params");
    }

    @Test
    void runtimeVersion() {
        nodes.answer(
                "state_getRuntimeVersion",
                params -> Json.createObjectBuilder()
                        .add("specName", "substrate-threefold")
                        .add("implName", "substrate-threefold")
                        .add("specVersion", 149)
                        .add("transactionVersion", 2)
                        .add("apis", JsonValue.EMPTY_JSON_ARRAY)
                        .build());

        assertEquals(
                new RuntimeVersion("substrate-threefold", 149, 2),
                api.runtimeVersion().join());
    }

    @Test
    void aRuntimeVersionWithoutASpecVersionIsUnavailable() {
        nodes.answer(
                "state_getRuntimeVersion",
                params -> Json.createObjectBuilder().add("specName", "x").build());
        assertInstanceOf(RpcUnavailableException.class, failure(api.runtimeVersion()));
    }

    @Test
    void blockHashes() {
        nodes.answer(
                "chain_getBlockHash",
                params -> params.isEmpty() || params.getInt(0) < 100 ? hex(HASH) : JsonValue.NULL);

        assertArrayEquals(HASH, api.blockHash(7).join().orElseThrow());
        assertEquals(Json.createArrayBuilder().add(7).build(), params("chain_getBlockHash"));
        assertEquals(Optional.empty(), api.blockHash(100).join());
        assertArrayEquals(HASH, api.genesisHash().join());
        assertEquals(Json.createArrayBuilder().add(0).build(), params("chain_getBlockHash"));
        assertArrayEquals(HASH, api.bestBlockHash().join());
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, params("chain_getBlockHash"));
    }

    @Test
    void aHashThatIsNot32BytesIsUnavailable() {
        nodes.answer("chain_getBlockHash", params -> Json.createValue("0xabcd"));
        assertInstanceOf(RpcUnavailableException.class, failure(api.blockHash(1)));
    }

    @Test
    void aMissingBestBlockIsUnavailable() {
        nodes.answer("chain_getBlockHash", params -> JsonValue.NULL);
        assertInstanceOf(RpcUnavailableException.class, failure(api.bestBlockHash()));
    }

    @Test
    void metadataIsTheDecodedHex() {
        byte[] metadata = new byte[95_000]; // a 190 K-character answer
        metadata[0] = 'm';
        metadata[4] = 0x0e;
        metadata[94_999] = 0x7f;
        nodes.answer("state_getMetadata", params -> hex(metadata));

        assertArrayEquals(metadata, api.metadata().join());
    }

    @Test
    void hexWithoutItsPrefixIsUnavailable() {
        nodes.answer("state_getMetadata", params -> Json.createValue("6d657461"));
        assertInstanceOf(RpcUnavailableException.class, failure(api.metadata()));
    }

    @Test
    void storageAtTheBestBlockAndAtAGivenOne() {
        byte[] key = HexFormat.of().parseHex("19a2526838feefd7695a3b5715b415b1");
        nodes.answer("state_getStorage", params -> params.size() == 1 ? Json.createValue("0x0102") : JsonValue.NULL);

        assertArrayEquals(new byte[] {1, 2}, api.storage(key).join().orElseThrow());
        assertEquals(
                Json.createArrayBuilder()
                        .add("0x19a2526838feefd7695a3b5715b415b1")
                        .build(),
                params("state_getStorage"));
        assertEquals(Optional.empty(), api.storage(key, HASH).join());
        assertEquals(
                Json.createArrayBuilder()
                        .add("0x19a2526838feefd7695a3b5715b415b1")
                        .add(hex(HASH))
                        .build(),
                params("state_getStorage"));
    }

    @Test
    void headerNumberIsHex() {
        nodes.answer(
                "chain_getHeader",
                params -> params.get(0).equals(hex(HASH))
                        ? Json.createObjectBuilder()
                                .add("parentHash", hex(PARENT))
                                .add("number", "0x1b207")
                                .add("stateRoot", hex(HASH))
                                .build()
                        : JsonValue.NULL);

        Header header = api.header(HASH).join().orElseThrow();

        assertEquals(111111, header.number());
        assertArrayEquals(PARENT, header.parentHash());
        assertEquals(Optional.empty(), api.header(PARENT).join());
    }

    @Test
    void accountNextIndexAsksBySs58() {
        String alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        nodes.answer("system_accountNextIndex", params -> Json.createValue(4));

        assertEquals(4L, api.accountNextIndex(alice).join());
        assertEquals(Json.createArrayBuilder().add(alice).build(), params("system_accountNextIndex"));
    }

    @Test
    void aNegativeNonceIsUnavailable() {
        nodes.answer("system_accountNextIndex", params -> Json.createValue(-1));
        RpcUnavailableException error =
                assertInstanceOf(RpcUnavailableException.class, failure(api.accountNextIndex("5Grw")));
        assertTrue(error.getMessage().contains("system_accountNextIndex"), error.getMessage());
    }

    @Test
    void overOneConnectionTheSameCalls() {
        nodes.answer("chain_getBlockHash", params -> hex(HASH));
        SubstrateApi direct = new SubstrateApi(pool.current());
        assertArrayEquals(HASH, direct.genesisHash().join());
    }
}
