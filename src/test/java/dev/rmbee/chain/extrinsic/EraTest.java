package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EraTest {

    private static final JsonObject ERAS =
            Vectors.load("chain/polkadotjs-spec149.json").getJsonObject("eras");

    @Test
    void immortalIsOneZeroByte() {
        assertArrayEquals(
                Vectors.hex(ERAS.getString("immortal")), Era.immortal().encode());
        assertEquals(Era.immortal(), Era.decode(new byte[] {0}));
        assertTrue(Era.immortal().isImmortal());
        assertEquals(0, Era.immortal().birth(12345));
        assertEquals(Long.MAX_VALUE, Era.immortal().death(12345));
    }

    @Test
    void everyMortalEraEqualsPolkadotJsWithItsBirthAndDeath() {
        List<JsonObject> mortal = ERAS.getJsonArray("mortal").getValuesAs(JsonObject.class);
        assertEquals(7, mortal.size());
        for (JsonObject vector : mortal) {
            long current = vector.getInt("current");
            Era era = Era.mortal(vector.getInt("period"), current);
            String name = "period " + vector.getInt("period") + " at " + current;
            assertArrayEquals(Vectors.hex(vector.getString("encoded")), era.encode(), name);
            assertEquals(vector.getInt("birth"), era.birth(current), name);
            assertEquals(vector.getInt("death"), era.death(current), name);
            assertEquals(era, Era.decode(era.encode()), name);
        }
    }

    @Test
    void theSpecExamplesRoundThePeriodUpToAPowerOfTwo() {
        assertEquals(new Era(64, 57), Era.mortal(64, 12345));
        assertEquals(new Era(4096, 57), Era.mortal(2400, 12345));
        assertEquals(new Era(4, 1), Era.mortal(1, 5));
        assertEquals(new Era(65536, 12336), Era.mortal(100_000, 12345), "phase quantized by 16 over 4096");
        assertArrayEquals(Vectors.hex("0x0500"), Era.mortal(64, 0).encode());
    }

    @Test
    void aRecordedMortalEraDecodesToTheEraOfItsBlock() {
        Era era = Era.decode(Vectors.hex("0x2500"));
        assertEquals(Era.mortal(64, 2), era, "runtime-spec144 block 3: period 64 from block 2");
        assertEquals(2, era.birth(2));
        assertEquals(2, era.birth(60), "still born at block 2 later in its period");
        assertEquals(66, era.birth(70), "the next period's block of that phase");
    }

    @Test
    void malformedErasAreRefused() {
        assertThrows(ScaleException.class, () -> Era.decode(Vectors.hex("0x4100")), "phase 4 in a period of 4");
        assertThrows(ScaleException.class, () -> Era.decode(Vectors.hex("0x1000")), "period 2");
        assertThrows(ScaleException.class, () -> Era.decode(Vectors.hex("0x05")), "one byte of two");
        assertThrows(ScaleException.class, () -> Era.decode(Vectors.hex("0x0000")), "bytes after immortal");
        assertThrows(IllegalArgumentException.class, () -> new Era(48, 0));
        assertThrows(IllegalArgumentException.class, () -> new Era(64, 64));
        assertThrows(IllegalArgumentException.class, () -> Era.mortal(0, 5));
    }
}
