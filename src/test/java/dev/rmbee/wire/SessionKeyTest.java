package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.wire.proto.Types.Address;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

    @Test
    void stringFormKeepsPresenceOfTheConnection() {
        assertEquals("12", SessionKey.of(12).toString());
        assertEquals("12:", new SessionKey(12, "").toString());
        assertEquals("10:con", new SessionKey(10, "con").toString());
        assertEquals("4294967295", SessionKey.of(-1).toString());
    }

    @Test
    void parseSplitsAtTheFirstColon() {
        assertEquals(new SessionKey(10, "con"), SessionKey.parse("10:con"));
        assertEquals(new SessionKey(7, "a:b:c"), SessionKey.parse("7:a:b:c"));
        assertEquals(new SessionKey(12, ""), SessionKey.parse("12:"));
        assertNull(SessionKey.parse("12").sid());
        assertNotEquals(SessionKey.parse("12"), SessionKey.parse("12:"));
        assertEquals(
                "invalid address twin id is not number",
                assertThrows(IllegalArgumentException.class, () -> SessionKey.parse("x:1"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionKey.parse("4294967296"));
    }

    @Test
    void matchesComparesConnectionPresence() {
        Address none = Address.newBuilder().setTwin(7).build();
        Address empty = Address.newBuilder().setTwin(7).setConnection("").build();
        assertTrue(SessionKey.of(7).matches(none));
        assertFalse(SessionKey.of(7).matches(empty));
        assertTrue(new SessionKey(7, "").matches(empty));
        assertFalse(new SessionKey(7, "").matches(none));
        assertFalse(SessionKey.of(8).matches(none));
        assertEquals(empty, new SessionKey(7, "").toAddress());
        assertEquals(new SessionKey(7, ""), SessionKey.of(empty));
    }
}
