package dev.rmbee.chain.tfgrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwinCodecTest {

    private static final JsonObject VECTORS = Vectors.load("chain/polkadotjs-spec149.json");

    @Test
    void everyTwinValueDecodesToItsDecodedFormAndEncodesBack() {
        List<JsonObject> values = VECTORS.getJsonArray("twinValues").getValuesAs(JsonObject.class);
        assertEquals(4, values.size());
        for (JsonObject value : values) {
            byte[] scale = Vectors.hex(value.getString("scale"));
            ChainTwin twin = TwinCodec.decode(scale);
            assertEquals(expected(value.getJsonObject("decoded")), twin, value.toString());
            assertArrayEquals(scale, TwinCodec.encode(twin));
        }
    }

    @Test
    void theRuntimesStoredTwinsDecode() {
        JsonObject storage = Vectors.load("chain/runtime-spec144.json").getJsonObject("storage");
        ChainTwin first =
                TwinCodec.decode(Vectors.hex(storage.getJsonObject("Twins(1)").getString("value")));
        assertEquals(1, first.id());
        assertEquals(Set.of("10.0.0.1"), first.relays());
        assertEquals(33, first.pk().length);
        ChainTwin second =
                TwinCodec.decode(Vectors.hex(storage.getJsonObject("Twins(2)").getString("value")));
        assertEquals(Set.of("relay2.example.org"), second.relays());
    }

    @Test
    void toTwinSplitsTheRelayIntoASet() {
        ChainTwin twin = TwinCodec.decode(
                Vectors.hex(VECTORS.getJsonArray("twinValues").getJsonObject(2).getString("scale")));
        Twin rmb = twin.toTwin();
        assertEquals(7, rmb.id());
        assertEquals(
                Set.of("relay.dev.grid.tf", "relay.02.dev.grid.tf", "r3.example-domain.org", "r4.example.org"),
                rmb.relays());
        assertNull(rmb.pk(), "its SCALE ends in 00: no pk");
        assertArrayEquals(twin.account(), rmb.account());
    }

    @Test
    void noRelayAndNoPkGiveAnEmptySetAndNoPk() {
        ChainTwin twin = TwinCodec.decode(
                Vectors.hex(VECTORS.getJsonArray("twinValues").getJsonObject(1).getString("scale")));
        assertNull(twin.relay());
        assertEquals(Set.of(), twin.toTwin().relays());
        assertNull(twin.toTwin().pk());
    }

    @Test
    void anEmptyPkIsSomeAndStaysSome() {
        ChainTwin twin = new ChainTwin(3, new byte[32], null, List.of(), new byte[0]);
        byte[] scale = TwinCodec.encode(twin);
        assertEquals("00000100", HexFormat.of().formatHex(scale, scale.length - 4, scale.length));
        assertArrayEquals(new byte[0], TwinCodec.decode(scale).pk());
    }

    @Test
    void relaysAreLossyUtf8WithDuplicatesAndEmptyPartsDropped() {
        byte[] relay = {'a', '_', 'a', '_', '_', 'b', (byte) 0xff};
        ChainTwin twin = new ChainTwin(3, new byte[32], relay, List.of(), null);
        assertEquals(Set.of("a", "b\uFFFD"), twin.relays());
    }

    @Test
    void twinIdValuesDecode() {
        // the fixture holds polkadot-js's toHex() of the u32 (big-endian); the storage value is its SCALE (LE)
        for (Map.Entry<String, JsonValue> entry :
                VECTORS.getJsonObject("twinIdValues").entrySet()) {
            int id = Integer.parseInt(entry.getKey().substring("u32 ".length()));
            byte[] bigEndian = Vectors.hex(((JsonString) entry.getValue()).getString());
            byte[] scale = reverse(bigEndian);
            assertEquals(id, TwinCodec.decodeTwinId(scale), entry.getKey());
            assertArrayEquals(scale, TwinCodec.encodeTwinId(id));
        }
    }

    @Test
    void truncatedOrLongerValuesAreRefused() {
        byte[] scale =
                Vectors.hex(VECTORS.getJsonArray("twinValues").getJsonObject(0).getString("scale"));
        assertThrows(ScaleException.class, () -> TwinCodec.decode(Arrays.copyOf(scale, scale.length - 1)));
        assertThrows(ScaleException.class, () -> TwinCodec.decode(Arrays.copyOf(scale, scale.length + 1)));
        assertThrows(ScaleException.class, () -> TwinCodec.decodeTwinId(new byte[3]));
    }

    private static ChainTwin expected(JsonObject decoded) {
        List<ChainTwin.Entity> entities = decoded.getJsonArray("entities").getValuesAs(JsonObject.class).stream()
                .map(entity ->
                        new ChainTwin.Entity(entity.getInt("entityId"), Vectors.hex(entity.getString("signature"))))
                .toList();
        byte[] relay =
                decoded.isNull("relay") ? null : decoded.getString("relay").getBytes(StandardCharsets.UTF_8);
        // polkadot-js writes a None pk as null or as "0x" (twin 7: its SCALE ends in 00, None; Some(empty) is 01 00)
        boolean noPk = decoded.isNull("pk") || decoded.getString("pk").equals("0x");
        byte[] pk = noPk ? null : Vectors.hex(decoded.getString("pk"));
        return new ChainTwin(decoded.getInt("id"), Vectors.hex(decoded.getString("accountId")), relay, entities, pk);
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
