package dev.rmbee.chain.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashesTest {

    private static final JsonObject VECTORS = Vectors.load("chain/polkadotjs-spec149.json");

    @Test
    void twox128OfEveryNameEqualsPolkadotJs() {
        JsonObject expected = VECTORS.getJsonObject("twox128");
        assertEquals(9, expected.size());
        for (Map.Entry<String, ?> entry : expected.entrySet()) {
            String hex = ((JsonString) entry.getValue()).getString();
            assertArrayEquals(Vectors.hex(hex), Hashes.twox128(entry.getKey()), entry.getKey());
        }
    }

    @Test
    void twox64IsTheFirstHalf() {
        byte[] name = "TfgridModule".getBytes(StandardCharsets.UTF_8);
        String expected = VECTORS.getJsonObject("twox64").getString("TfgridModule seed0");
        assertArrayEquals(Vectors.hex(expected), Hashes.twox64(name));
    }

    @Test
    void blake2bOfTheFixturesEqualsPolkadotJs() {
        JsonObject blake128 = VECTORS.getJsonObject("blake2_128");
        assertArrayEquals(
                Vectors.hex(blake128.getString("u32 1 (01000000)")), Hashes.blake2b128(new byte[] {1, 0, 0, 0}));
        assertArrayEquals(Vectors.hex(blake128.getString("empty")), Hashes.blake2b128(new byte[0]));
        assertArrayEquals(
                Vectors.hex(VECTORS.getJsonObject("blake2_256").getString("abc")),
                Hashes.blake2b256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void blake2b128ConcatAppendsTheKey() {
        byte[] key = {1, 0, 0, 0};
        byte[] concat = Hashes.blake2b128Concat(key);
        assertEquals(20, concat.length);
        assertArrayEquals(
                Vectors.hex("d82c12285b5d4551f88e8f6e7eb52b8101000000"),
                concat,
                "the Twins(1) key suffix of registry.md");
    }

    @Test
    void xxHash64CoversEveryTailLength() {
        // XXH64 reference values (seed 0) of "" and of the 39-byte string below: stripes, 8-, 4- and 1-byte tails
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0], 0));
        byte[] text = "Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xFBCEA83C8A378BF1L, XxHash64.hash(text, 0));
    }
}
