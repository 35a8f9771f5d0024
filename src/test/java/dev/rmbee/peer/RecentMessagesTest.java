package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {

    private static final long NOW = 1_800_000_000L;

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(NOW));

    @Test
    void aMessageIsRememberedUntilItsDeadline() {
        RecentMessages recent = new RecentMessages(10, clock);
        String digest = RecentMessages.digest("request", "2", "u-1");
        assertFalse(recent.contains(digest));
        recent.remember(digest, NOW + 60);
        assertTrue(recent.contains(digest));
        clock.advance(Duration.ofSeconds(59));
        assertTrue(recent.contains(digest), "a second before its deadline");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(recent.contains(digest), "at its deadline the relay would not deliver it any more");
        assertEquals(0, recent.size(), "and it is forgotten");
    }

    @Test
    void beyondTheCapacityTheOldestIsForgotten() {
        RecentMessages recent = new RecentMessages(3, clock);
        for (int i = 1; i <= 4; i++) {
            recent.remember(RecentMessages.digest("request", "2", "u-" + i), NOW + 60);
        }
        assertEquals(3, recent.size());
        assertFalse(recent.contains(RecentMessages.digest("request", "2", "u-1")));
        assertTrue(recent.contains(RecentMessages.digest("request", "2", "u-2")));
        assertTrue(recent.contains(RecentMessages.digest("request", "2", "u-4")));
    }

    @Test
    void expiredEntriesMakeRoomBeforeValidOnesAreForgotten() {
        RecentMessages recent = new RecentMessages(2, clock);
        recent.remember("short", NOW + 5);
        recent.remember("long", NOW + 600);
        clock.advance(Duration.ofSeconds(10));
        recent.remember("new", NOW + 600);
        assertTrue(recent.contains("long"), "the expired one went first");
        assertTrue(recent.contains("new"));
        assertEquals(2, recent.size());
    }

    @Test
    void aHugeOrPastDeadlineIsCapped() {
        RecentMessages recent = new RecentMessages(10, clock);
        assertEquals(RecentMessages.MAX_REMEMBERED_SECONDS, recent.secondsLeft(-1L)); // 2^64-1 unsigned
        assertEquals(RecentMessages.MAX_REMEMBERED_SECONDS, recent.secondsLeft(NOW + 10 * 86_400));
        assertEquals(1, recent.secondsLeft(NOW - 5));
        assertEquals(30, recent.secondsLeft(NOW + 30));
        recent.remember("forever", -1L);
        clock.advance(Duration.ofSeconds(RecentMessages.MAX_REMEMBERED_SECONDS));
        assertFalse(recent.contains("forever"), "remembered one day at most");
    }

    @Test
    void theDigestSeparatesKindSenderAndUidAndHasOneSize() {
        assertNotEquals(RecentMessages.digest("request", "2", "u"), RecentMessages.digest("response", "2", "u"));
        assertNotEquals(RecentMessages.digest("request", "2", "u"), RecentMessages.digest("request", "2:s", "u"));
        assertNotEquals(RecentMessages.digest("request", "2", "3u"), RecentMessages.digest("request", "23", "u"));
        assertEquals(
                32, RecentMessages.digest("request", "2", "u".repeat(100_000)).length());
    }

    @Test
    void theCapacityIsAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new RecentMessages(0, clock));
    }
}
