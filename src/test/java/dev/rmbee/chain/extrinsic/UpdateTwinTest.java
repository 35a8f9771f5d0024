package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.ExtrinsicVectors;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateTwinTest {

    private static final byte[] E2E =
            Vectors.hex("0x037135b487c4b55db4813e940c8c426f123184581029bd3ee0eca5e00602e3e292");
    private static final JsonObject CALLS =
            Vectors.load("chain/polkadotjs-spec149.json").getJsonObject("calls");

    @Test
    void updateTwinCallsEqualPolkadotJs() {
        assertCall("update_twin(Some(\"relay.grid.tf\"), Some(E2E))", new UpdateTwin("relay.grid.tf", E2E));
        assertCall(
                "update_twin(Some(\"r1.example.org_r2.example.org\"), None)",
                new UpdateTwin("r1.example.org_r2.example.org", (byte[]) null));
        assertCall("update_twin(None, None)", new UpdateTwin((String) null, null));
    }

    @Test
    void createTwinHasTheSameArgumentsAtItsOwnIndex() {
        byte[] call = new UpdateTwin("relay.grid.tf", E2E).encode(new CallIndex(25, 17));
        assertArrayEquals(Vectors.hex(CALLS.getString("create_twin(Some(\"relay.grid.tf\"), Some(E2E))")), call);
    }

    @Test
    void everyCallTheRuntimeIncludedIsRebuiltFromItsRelayAndPk() {
        List<JsonObject> blocks = Vectors.load("chain/runtime-spec144.json")
                .getJsonArray("blocks")
                .getValuesAs(JsonObject.class);
        assertEquals(15, blocks.size());
        for (JsonObject block : blocks) {
            if (block.containsKey("number")) {
                assertArrayEquals(Vectors.hex(block.getString("call")), ExtrinsicVectors.call(block), block.toString());
            }
        }
    }

    @Test
    void aRelayOverOneByteOfLengthGetsATwoByteCompactPrefix() {
        byte[] call = new UpdateTwin("a".repeat(64), null).encode(ExtrinsicVectors.UPDATE_TWIN);
        assertArrayEquals(Vectors.hex("0x1912010101"), Arrays.copyOf(call, 5));
        assertEquals(2 + 1 + 2 + 64 + 1, call.length);
    }

    @Test
    void problemReportsWhatTheRuntimeWouldRefuse() {
        assertTrue(new UpdateTwin("relay.grid.tf", E2E).problem().isEmpty());
        assertTrue(new UpdateTwin((String) null, null).problem().isEmpty());
        assertTrue(
                new UpdateTwin("relay.grid.tf:443", E2E).problem().orElseThrow().contains("':' at index 13"));
        assertTrue(new UpdateTwin("relay.grid.tf", new byte[129])
                .problem()
                .orElseThrow()
                .contains("129 bytes"));
        assertFalse(new UpdateTwin("relay.grid.tf", new byte[128]).problem().isPresent());
    }

    @Test
    void valuesAreCopiedAndCompared() {
        byte[] pk = E2E.clone();
        UpdateTwin update = new UpdateTwin("relay.grid.tf", pk);
        pk[0] = 0;
        assertArrayEquals(E2E, update.pk().orElseThrow());
        assertEquals(new UpdateTwin("relay.grid.tf", E2E), update);
        assertEquals(new UpdateTwin("relay.grid.tf", E2E).hashCode(), update.hashCode());
        assertEquals("UpdateTwin[relay \"relay.grid.tf\", pk 33 bytes]", update.toString());
    }

    private static void assertCall(String name, UpdateTwin update) {
        assertArrayEquals(Vectors.hex(CALLS.getString(name)), update.encode(ExtrinsicVectors.UPDATE_TWIN), name);
    }
}
