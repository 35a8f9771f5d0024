package dev.rmbee.chain.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScaleCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void compactIntegersUseEachModeAtItsBoundaries() {
        assertCompact(0, "00");
        assertCompact(63, "fc");
        assertCompact(64, "0101");
        assertCompact(16383, "fdff");
        assertCompact(16384, "02000100");
        assertCompact((1L << 30) - 1, "feffffff");
        assertCompact(1L << 30, "0300000040");
        assertCompact(Long.MAX_VALUE, "13ffffffffffffff7f");
    }

    @Test
    void bigCompactIntegersRoundTrip() {
        BigInteger max128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        byte[] bytes = new ScaleWriter().compact(max128).toByteArray();
        assertEquals(17, bytes.length);
        assertEquals(0x33, bytes[0]);
        assertEquals(max128, new ScaleReader(bytes).compact());
    }

    @Test
    void integersAreLittleEndian() {
        byte[] bytes = new ScaleWriter()
                .u8(0xab)
                .u16(0x0102)
                .u32(0xfffffffe)
                .u64(-2L)
                .bool(true)
                .toByteArray();
        assertEquals("ab0201feffffff" + "feffffffffffffff" + "01", HEX.formatHex(bytes));
        ScaleReader reader = new ScaleReader(bytes);
        assertEquals(0xab, reader.u8());
        assertEquals(0x0102, reader.u16());
        assertEquals(0xfffffffe, reader.u32());
        assertEquals(-2L, reader.u64());
        assertTrue(reader.bool());
        reader.expectEnd("integers");
    }

    @Test
    void byteVectorsAndOptions() {
        byte[] bytes = new ScaleWriter()
                .byteVec(new byte[] {7, 8})
                .optionalByteVec(null)
                .optionalByteVec(new byte[] {9})
                .toByteArray();
        assertEquals("080708" + "00" + "010409", HEX.formatHex(bytes));
        ScaleReader reader = new ScaleReader(bytes);
        assertArrayEquals(new byte[] {7, 8}, reader.byteVec());
        assertFalse(reader.option());
        assertTrue(reader.option());
        assertArrayEquals(new byte[] {9}, reader.byteVec());
        assertTrue(reader.atEnd());
    }

    @Test
    void shortOrMalformedInputIsRefusedWithPosition() {
        assertThrows(ScaleException.class, () -> new ScaleReader(HEX.parseHex("0102")).u32());
        assertThrows(ScaleException.class, () -> new ScaleReader(HEX.parseHex("0c0102")).byteVec());
        assertThrows(ScaleException.class, () -> new ScaleReader(HEX.parseHex("02")).option());
        assertThrows(ScaleException.class, () -> new ScaleReader(HEX.parseHex("02")).bool());
        ScaleException extra = assertThrows(ScaleException.class, () -> {
            ScaleReader reader = new ScaleReader(HEX.parseHex("0000"));
            reader.u8();
            reader.expectEnd("a u8");
        });
        assertTrue(extra.getMessage().contains("1 bytes left over"), extra.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScaleWriter().compact(-1));
    }

    private static void assertCompact(long value, String hex) {
        assertEquals(hex, HEX.formatHex(new ScaleWriter().compact(value).toByteArray()), "compact " + value);
        ScaleReader reader = new ScaleReader(HEX.parseHex(hex));
        assertEquals(value, reader.compactLong());
        assertTrue(reader.atEnd());
    }
}
