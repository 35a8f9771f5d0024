package dev.rmbee.chain.tfgrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.Variant;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleWriter;
import dev.rmbee.testing.TestMetadata;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemEventsTest {

    private static final JsonObject POLKADOT_JS =
            Vectors.load("chain/polkadotjs-spec149.json").getJsonObject("systemEvents");
    private static final List<JsonObject> BLOCKS =
            Vectors.load("chain/runtime-spec144.json").getJsonArray("blocks").getValuesAs(JsonObject.class).stream()
                    .filter(block -> block.containsKey("systemEvents"))
                    .toList();

    @Test
    void thePolkadotJsValueYieldsItsRecords() {
        List<EventRecord> records = decode149(Vectors.hex(POLKADOT_JS.getString("scale")));
        List<JsonObject> expected = POLKADOT_JS.getJsonArray("records").getValuesAs(JsonObject.class);
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < records.size(); i++) {
            EventRecord record = records.get(i);
            JsonObject fixture = expected.get(i);
            assertRecord(fixture, record);
            assertArrayEquals(Vectors.hex(fixture.getString("fields")), record.fields(), record.toString());
            List<String> topics = fixture.getJsonArray("topics").getValuesAs(JsonString.class).stream()
                    .map(topic -> topic.getString().substring(2))
                    .toList();
            assertEquals(
                    topics, record.topics().stream().map(SystemEventsTest::hex).toList());
        }
    }

    @Test
    void thePolkadotJsTwinEventsAreTyped() {
        List<EventRecord> records = decode149(Vectors.hex(POLKADOT_JS.getString("scale")));
        ChainTwin stored = ((ChainEvent.TwinStored) records.get(1).typed()).twin();
        assertEquals(Set.of("relay.grid.tf"), stored.relays());
        ChainTwin updated = ((ChainEvent.TwinUpdated) records.get(3).typed()).twin();
        assertEquals(7, updated.id());
        assertNull(records.get(4).typed(), "TwinEntityStored is walked over, not typed");
        assertEquals(new ChainEvent.TwinDeleted(9), records.get(5).typed());
        assertEquals(Phase.FINALIZATION, records.get(6).phase());
        assertEquals(
                55, ((ChainEvent.TwinUpdated) records.get(6).typed()).twin().id());
        assertEquals(new ChainEvent.ExtrinsicSuccess(), records.get(0).typed());
    }

    @Test
    void everyBlockOfTheRealRuntimeYieldsItsRecords() {
        assertEquals(14, BLOCKS.size());
        for (JsonObject block : BLOCKS) {
            List<EventRecord> records = decode144(Vectors.hex(block.getString("systemEvents")));
            List<JsonObject> expected = block.getJsonArray("events").getValuesAs(JsonObject.class);
            assertEquals(expected.size(), records.size(), "block " + block.getInt("number"));
            for (int i = 0; i < records.size(); i++) {
                assertRecord(expected.get(i), records.get(i));
            }
        }
    }

    @Test
    void eachBlocksOutcomeIsTheTwinUpdateOrTheRelayRefusal() {
        for (JsonObject block : BLOCKS) {
            List<EventRecord> ofExtrinsic = decode144(Vectors.hex(block.getString("systemEvents"))).stream()
                    .filter(record -> record.phase().equals(Phase.applyExtrinsic(1)))
                    .toList();
            ChainEvent outcome = ofExtrinsic.get(ofExtrinsic.size() - 1).typed();
            String where = "block " + block.getInt("number") + " relay " + block.getString("relay");
            if (outcome instanceof ChainEvent.ExtrinsicFailed failed) {
                assertEquals("TfgridModule.InvalidRelayAddress", failed.error(), where);
            } else {
                assertEquals(new ChainEvent.ExtrinsicSuccess(), outcome, where);
                ChainTwin twin = ofExtrinsic.stream()
                        .filter(record -> record.typed() instanceof ChainEvent.TwinUpdated)
                        .map(record -> ((ChainEvent.TwinUpdated) record.typed()).twin())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(where + ": no TwinUpdated"));
                assertArrayEquals(block.getString("relay").getBytes(StandardCharsets.UTF_8), twin.relay(), where);
                assertArrayEquals(Vectors.hex(block.getString("signer")), twin.account(), where);
                assertArrayEquals(Vectors.hex(block.getString("pk")), twin.pk(), where);
            }
        }
    }

    @Test
    void aValueThatIsNotWholeIsRefused() {
        byte[] value = Vectors.hex(POLKADOT_JS.getString("scale"));
        assertThrows(ScaleException.class, () -> decode149(Arrays.copyOf(value, value.length - 1)));
        assertThrows(ScaleException.class, () -> decode149(Arrays.copyOf(value, value.length + 1)));
    }

    @Test
    void anUnknownPalletOrEventIsRefused() {
        byte[] value = Vectors.hex(POLKADOT_JS.getString("scale"));
        // the first record: count 1c, phase 00 + u32, then the pallet and event bytes at 6 and 7
        byte[] pallet = value.clone();
        pallet[6] = (byte) 200;
        ScaleException noPallet = assertThrows(ScaleException.class, () -> decode149(pallet));
        assertTrue(noPallet.getMessage().contains("no pallet with events at index 200"), noPallet.getMessage());
        byte[] event = value.clone();
        event[7] = (byte) 200;
        ScaleException noEvent = assertThrows(ScaleException.class, () -> decode149(event));
        assertTrue(noEvent.getMessage().contains("System has no event 200"), noEvent.getMessage());
    }

    @Test
    void otherDispatchErrorsAreNamedByTheirVariants() {
        Metadata metadata = TestMetadata.spec144();
        int dispatchError = metadata.event("System", "ExtrinsicFailed")
                .orElseThrow()
                .fields()
                .get(0)
                .type();
        TypeDef.Variants errors = metadata.variants(dispatchError).orElseThrow();
        int badOrigin = errors.byName("BadOrigin").orElseThrow().index();
        Variant token = errors.byName("Token").orElseThrow();
        int fundsUnavailable = metadata.variants(token.fields().get(0).type())
                .orElseThrow()
                .byName("FundsUnavailable")
                .orElseThrow()
                .index();
        assertEquals("BadOrigin", failure(new byte[] {(byte) badOrigin}));
        assertEquals("Token(FundsUnavailable)", failure(new byte[] {(byte) token.index(), (byte) fundsUnavailable}));
        assertEquals("Module(25, 250)", failure(new byte[] {3, 25, (byte) 250, 0, 0, 0}));
    }

    /** The error of a one-record value: System.ExtrinsicFailed(error, a DispatchInfo of the runtime's blocks). */
    private static String failure(byte[] dispatchError) {
        byte[] value = new ScaleWriter()
                .compact(1)
                .u8(0)
                .u32(1)
                .u8(0)
                .u8(1)
                .bytes(dispatchError)
                .bytes(Vectors.hex("427ab544d53c0000"))
                .compact(0)
                .toByteArray();
        List<EventRecord> records = decode144(value);
        return ((ChainEvent.ExtrinsicFailed) records.get(0).typed()).error();
    }

    private static void assertRecord(JsonObject fixture, EventRecord record) {
        assertEquals(phase(fixture.getJsonObject("phase")), record.phase(), record.toString());
        assertEquals(fixture.getString("pallet"), lowerFirst(record.pallet()), record.toString());
        assertEquals(fixture.getString("event"), record.event(), record.toString());
        String index = fixture.containsKey("index")
                ? fixture.getString("index")
                : String.format("0x%02x%02x", fixture.getInt("palletIndex"), fixture.getInt("eventIndex"));
        assertEquals(index, String.format("0x%02x%02x", record.palletIndex(), record.eventIndex()));
    }

    private static Phase phase(JsonObject phase) {
        if (phase.containsKey("applyExtrinsic")) {
            return Phase.applyExtrinsic(phase.getInt("applyExtrinsic"));
        }
        return phase.containsKey("finalization") ? Phase.FINALIZATION : Phase.INITIALIZATION;
    }

    private static List<EventRecord> decode149(byte[] value) {
        Metadata metadata = TestMetadata.spec149();
        return SystemEvents.decode(value, metadata, TfgridShapes.resolve(metadata));
    }

    private static List<EventRecord> decode144(byte[] value) {
        Metadata metadata = TestMetadata.spec144();
        return SystemEvents.decode(value, metadata, TfgridShapes.resolve(metadata));
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
