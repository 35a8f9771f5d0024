package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashSlotsTest {

    @Test
    void theCrcIsRedisDocumentedCheckValue() {
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertEquals(0x31C3, HashSlots.crc16(digits, 0, digits.length));
        assertEquals(0x31C3 % 16384, HashSlots.of("123456789"));
    }

    @Test
    void slotsOfKnownKeys() {
        // as CLUSTER KEYSLOT answers them
        assertEquals(12182, HashSlots.of("foo"));
        assertEquals(5061, HashSlots.of("bar"));
        assertEquals(0, HashSlots.of(""));
    }

    @Test
    void aHashTagDecidesTheSlot() {
        int tag = HashSlots.of("user1000");

        assertEquals(tag, HashSlots.of("{user1000}.following"));
        assertEquals(tag, HashSlots.of("{user1000}.followers"));
        assertEquals(HashSlots.of("bar"), HashSlots.of("foo{bar}{zap}"), "the first tag only");
        assertEquals(HashSlots.of("{bar"), HashSlots.of("foo{{bar}}zap"), "from the first {");
    }

    @Test
    void anEmptyOrUnclosedTagIsNoTag() {
        assertEquals(HashSlots.crc16(bytes("foo{}{bar}"), 0, 10) % 16384, HashSlots.of("foo{}{bar}"));
        assertEquals(HashSlots.crc16(bytes("foo{bar"), 0, 7) % 16384, HashSlots.of("foo{bar"));
    }

    @Test
    void theRelaysStreamAndItsCompanionKeysShareASlot() {
        int stream = HashSlots.of("stream:12:abc");

        assertEquals(stream, HashSlots.of("rmb.relay.senders:{stream:12:abc}"));
        assertEquals(stream, HashSlots.of("rmb.relay.holder:{stream:12:abc}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
