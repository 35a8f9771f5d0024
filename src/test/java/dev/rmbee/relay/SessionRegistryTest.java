package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.wire.SessionKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry's caps: sessions in all and sessions per twin. */
class SessionRegistryTest {

    private final SessionRegistry sessions = new SessionRegistry(10, 2);

    private static RecordingConnection connection(int twin, String sid) {
        return new RecordingConnection(new SessionKey(twin, sid));
    }

    @Test
    void aTwinAtItsCapGetsNoFurtherSessionWhileOtherTwinsDo() {
        sessions.register(connection(1, "a"));
        sessions.register(connection(1, "b"));

        assertFalse(sessions.hasRoomFor(new SessionKey(1, "c")));
        SessionRegistry.FullException refused =
                assertThrows(SessionRegistry.FullException.class, () -> sessions.register(connection(1, "c")));
        assertEquals(SessionRegistry.TWIN_FULL, refused.getMessage());
        assertEquals(2, sessions.sessionsOf(1));
        assertEquals(2, sessions.size(), "the refused session takes no slot");

        assertTrue(sessions.hasRoomFor(new SessionKey(2, "a")));
        assertEquals(Optional.empty(), sessions.register(connection(2, "a")));
    }

    @Test
    void aTwinAtItsCapMayStillReplaceOneOfItsSessions() {
        RecordingConnection older = connection(1, "a");
        sessions.register(older);
        sessions.register(connection(1, "b"));

        assertTrue(sessions.hasRoomFor(new SessionKey(1, "a")));
        assertEquals(Optional.of(older), sessions.register(connection(1, "a")));
        assertEquals(2, sessions.sessionsOf(1));
    }

    @Test
    void aSessionLeavingFreesItsTwinsSlot() {
        RecordingConnection first = connection(1, "a");
        sessions.register(first);
        sessions.register(connection(1, "b"));

        assertTrue(sessions.unregister(first));
        assertEquals(1, sessions.sessionsOf(1));
        sessions.register(connection(1, "c"));
        assertEquals(2, sessions.sessionsOf(1));
    }

    @Test
    void theRelaysCapIsRefusedWithItsOwnReason() {
        SessionRegistry small = new SessionRegistry(1, 5);
        small.register(connection(1, "a"));
        SessionRegistry.FullException refused =
                assertThrows(SessionRegistry.FullException.class, () -> small.register(connection(2, "a")));
        assertEquals(SessionRegistry.FULL, refused.getMessage());
        assertEquals(0, small.sessionsOf(2));
    }

    @Test
    void noCapPerTwinWhenItIsZero() {
        SessionRegistry uncapped = new SessionRegistry(100, 0);
        for (int i = 0; i < 50; i++) {
            uncapped.register(connection(1, "s" + i));
        }
        assertEquals(50, uncapped.sessionsOf(1));
    }
}
