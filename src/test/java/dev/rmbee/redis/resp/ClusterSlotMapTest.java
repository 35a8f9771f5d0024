package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSlotMapTest {

    @Test
    void eachRangeGoesToItsMasterAndAnEmptyHostIsTheNodeThatAnswered() {
        Object reply = List.of(
                List.of(0L, 5460L, List.of(bytes("10.0.0.1"), 7000L, bytes("id1")), List.of(bytes("10.0.0.4"), 7003L)),
                List.of(5461L, 10922L, List.of(bytes(""), 7001L, bytes("id2"))));

        ClusterSlotMap map = ClusterSlotMap.parse(reply, "10.0.0.2:7001");

        assertEquals("10.0.0.1:7000", map.master(0));
        assertEquals("10.0.0.1:7000", map.master(5460));
        assertEquals("10.0.0.2:7001", map.master(5461));
        assertEquals("10.0.0.2:7001", map.master(10922));
        assertNull(map.master(10923), "no node serves it");
    }

    @Test
    void aReplyOfAnotherFormIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterSlotMap.parse("OK", "h:1"));
        assertThrows(IllegalArgumentException.class, () -> ClusterSlotMap.parse(List.of(List.of(0L, 1L)), "h:1"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
