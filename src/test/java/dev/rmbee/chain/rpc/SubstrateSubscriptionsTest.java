package dev.rmbee.chain.rpc;

import static dev.rmbee.chain.rpc.SubstrateApiTest.HASH;
import static dev.rmbee.chain.rpc.SubstrateApiTest.PARENT;
import static dev.rmbee.chain.rpc.SubstrateApiTest.filled;
import static dev.rmbee.chain.rpc.SubstrateApiTest.hex;
import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.rpc.ExtrinsicStatus.Kind;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.ScriptedRpcChannel;
import dev.rmbee.testing.ScriptedRpcNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SubstrateSubscriptionsTest {

    private static final JsonValue ID = Json.createValue("0x5f");

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final NodePool pool = NodePoolTest.pool(nodes, new ManualScheduler());
    private final SubstrateApi api = new SubstrateApi(pool);
    private final ScriptedRpcChannel node;

    SubstrateSubscriptionsTest() {
        pool.start().join();
        node = nodes.last();
    }

    private static JsonValue header(long number) {
        return Json.createObjectBuilder()
                .add("parentHash", hex(PARENT))
                .add("number", "0x" + Long.toHexString(number))
                .build();
    }

    @Test
    void newHeadsComeWithTheirHashesInTheOrderOfTheHeaders() {
        List<Head> heads = new ArrayList<>();
        CompletableFuture<Subscription> subscribed = api.subscribeNewHeads(heads::add);
        node.reply(node.request("chain_subscribeNewHeads"), ID);

        node.notify("chain_newHead", ID, header(10));
        node.notify("chain_newHead", ID, header(11));
        List<JsonObject> lookups = node.requests("chain_getBlockHash");
        node.reply(lookups.get(1), hex(filled(11, 32)));
        assertTrue(heads.isEmpty(), "head 11 waits for head 10");
        node.reply(lookups.get(0), hex(filled(10, 32)));

        assertEquals("0x5f", subscribed.join().id());
        assertEquals(Json.createArrayBuilder().add(10).build(), lookups.get(0).getJsonArray("params"));
        assertEquals(List.of(10L, 11L), heads.stream().map(Head::number).toList());
        assertArrayEquals(filled(10, 32), heads.get(0).hash());
        assertArrayEquals(filled(11, 32), heads.get(1).hash());
        assertArrayEquals(PARENT, heads.get(1).parentHash());
    }

    @Test
    void aHeadWhoseHashIsUnknownIsSkipped() {
        List<Head> heads = new ArrayList<>();
        nodes.answer("chain_getBlockHash", params -> params.getInt(0) == 20 ? JsonValue.NULL : hex(HASH));
        api.subscribeNewHeads(heads::add);
        node.reply(node.request("chain_subscribeNewHeads"), ID);

        node.notify("chain_newHead", ID, header(20));
        node.notify(
                "chain_newHead",
                ID,
                Json.createObjectBuilder().add("number", 21).build()); // malformed
        node.notify("chain_newHead", ID, header(22));

        assertEquals(List.of(22L), heads.stream().map(Head::number).toList());
    }

    @Test
    void subscribingWithNoNodeConnectedFailsAtOnce() {
        node.drop("gone");
        assertInstanceOf(RpcUnavailableException.class, failure(api.subscribeNewHeads(head -> {})));
    }

    @Test
    void runtimeVersions() {
        List<RuntimeVersion> versions = new ArrayList<>();
        api.subscribeRuntimeVersion(versions::add);
        node.reply(node.request("state_subscribeRuntimeVersion"), ID);

        node.notify(
                "state_runtimeVersion",
                ID,
                Json.createObjectBuilder()
                        .add("specName", "substrate-threefold")
                        .add("specVersion", 150)
                        .add("transactionVersion", 2)
                        .build());

        assertEquals(List.of(new RuntimeVersion("substrate-threefold", 150, 2)), versions);
    }

    @Test
    void anExtrinsicIsSubmittedAsHexAndItsStatusesFollow() {
        List<ExtrinsicStatus> statuses = new ArrayList<>();
        CompletableFuture<Subscription> watch = api.submitAndWatch(new byte[] {0x2d, 0x02, (byte) 0x84}, statuses::add);
        JsonObject submit = node.request("author_submitAndWatchExtrinsic");
        node.reply(submit, ID);

        node.notify("author_extrinsicUpdate", ID, Json.createValue("future"));
        node.notify("author_extrinsicUpdate", ID, Json.createValue("ready"));
        node.notify(
                "author_extrinsicUpdate",
                ID,
                Json.createObjectBuilder()
                        .add("broadcast", Json.createArrayBuilder().add("12D3KooW"))
                        .build());
        node.notify("author_extrinsicUpdate", ID, status("inBlock", HASH));
        node.notify("author_extrinsicUpdate", ID, status("retracted", HASH));
        node.notify("author_extrinsicUpdate", ID, status("finalityTimeout", HASH));
        node.notify("author_extrinsicUpdate", ID, status("finalized", HASH));
        node.notify("author_extrinsicUpdate", ID, status("usurped", PARENT));
        node.notify("author_extrinsicUpdate", ID, Json.createValue("dropped"));
        node.notify("author_extrinsicUpdate", ID, Json.createValue("invalid"));
        node.notify("author_extrinsicUpdate", ID, Json.createValue("somethingNew"));

        assertEquals(Json.createArrayBuilder().add("0x2d0284").build(), submit.getJsonArray("params"));
        assertEquals(
                List.of(
                        Kind.FUTURE,
                        Kind.READY,
                        Kind.BROADCAST,
                        Kind.IN_BLOCK,
                        Kind.RETRACTED,
                        Kind.FINALITY_TIMEOUT,
                        Kind.FINALIZED,
                        Kind.USURPED,
                        Kind.DROPPED,
                        Kind.INVALID),
                statuses.stream().map(ExtrinsicStatus::kind).toList());
        assertArrayEquals(HASH, statuses.get(6).hash().orElseThrow());
        assertArrayEquals(PARENT, statuses.get(7).hash().orElseThrow());
        assertTrue(statuses.get(1).hash().isEmpty());
        assertEquals(
                List.of(Kind.FINALITY_TIMEOUT, Kind.FINALIZED, Kind.USURPED, Kind.DROPPED, Kind.INVALID),
                statuses.stream()
                        .map(ExtrinsicStatus::kind)
                        .filter(Kind::isFinal)
                        .toList());

        CompletableFuture<Boolean> unwatched = api.unwatch(watch.join());
        node.reply(node.request("author_unwatchExtrinsic"), JsonValue.TRUE);
        assertTrue(unwatched.join());
        assertEquals(
                Json.createArrayBuilder().add("0x5f").build(),
                node.request("author_unwatchExtrinsic").getJsonArray("params"));
    }

    @Test
    void anExtrinsicTheNodeRefusesFailsWithItsError() {
        CompletableFuture<Subscription> watch = api.submitAndWatch(new byte[] {1}, status -> {});
        node.replyError(
                node.request("author_submitAndWatchExtrinsic"),
                1010,
                "Invalid Transaction",
                Json.createValue("Transaction is outdated"));

        RpcErrorException error = assertInstanceOf(RpcErrorException.class, failure(watch));
        assertEquals(1010, error.code());
        assertEquals("Transaction is outdated", error.data().orElseThrow());
    }

    private static JsonValue status(String name, byte[] hash) {
        return Json.createObjectBuilder().add(name, hex(hash)).build();
    }
}
