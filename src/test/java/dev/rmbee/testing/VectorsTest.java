package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void findsAndParsesTheSharedVectors() {
        assertTrue(Files.isRegularFile(Vectors.dir().resolve("keys.json")), Vectors.dir().toString());
        assertEquals("bottom drive obey lake curtain smoke basket hold race lonely fit walk",
                Vectors.load("keys.json").getString("dev_phrase"));
    }

    @Test
    void decodesHexWithAndWithoutPrefix() {
        assertArrayEquals(new byte[] {0x01, (byte) 0xab}, Vectors.hex("0x01AB"));
        assertArrayEquals(new byte[] {0x01, (byte) 0xab}, Vectors.hex("01ab"));
        assertArrayEquals(new byte[0], Vectors.hex("0x"));
    }
}
