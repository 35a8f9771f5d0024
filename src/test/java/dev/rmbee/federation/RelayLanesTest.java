package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A relay's share and backlog, with resumes run at once. */
class RelayLanesTest {

    private static final String RELAY = "relay.example";
    private static final String OTHER = "other.example";

    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), new MutableClock(Instant.EPOCH));
    private final List<String> events = new ArrayList<>();

    private RelayLanes.Parked parked(String name) {
        return new RelayLanes.Parked() {
            @Override
            public void resume() {
                events.add("resume " + name);
            }

            @Override
            public void handBack() {
                events.add("hand back " + name);
            }

            @Override
            public void evict() {
                events.add("evict " + name);
            }
        };
    }

    @Test
    void aFullShareMakesEntriesWaitInOrderWithoutTouchingOtherRelays() {
        RelayLanes lanes = new RelayLanes(2, 100, ranker, Runnable::run);
        assertTrue(lanes.tryAcquire(RELAY));
        assertTrue(lanes.tryAcquire(RELAY));
        assertFalse(lanes.tryAcquire(RELAY), "the share is 2");
        assertEquals(RelayLanes.Parking.PARKED, lanes.park(RELAY, parked("a")));
        assertEquals(RelayLanes.Parking.PARKED, lanes.park(RELAY, parked("b")));
        assertTrue(lanes.tryAcquire(OTHER), "another relay has its own share");

        lanes.release(RELAY);

        assertEquals(List.of("resume a"), events, "the first waiting entry takes the freed slot");
        assertEquals(2, lanes.inFlight(RELAY));
        assertEquals(1, lanes.parked());
    }

    @Test
    void theBacklogOfAFailingRelayIsBoundedByItsShareAndAllBacklogsTogetherByTheirBound() {
        RelayLanes lanes = new RelayLanes(1, 5, ranker, Runnable::run);
        ranker.downvote(RELAY);
        assertTrue(lanes.tryAcquire(RELAY));
        for (int i = 0; i < RelayLanes.BACKLOG_FACTOR; i++) {
            assertEquals(RelayLanes.Parking.PARKED, lanes.park(RELAY, parked("r" + i)));
        }
        assertEquals(RelayLanes.Parking.FULL, lanes.park(RELAY, parked("over")), "4 × share");

        assertTrue(lanes.tryAcquire(OTHER));
        assertEquals(RelayLanes.Parking.PARKED, lanes.park(OTHER, parked("o0")));
        assertEquals(RelayLanes.Parking.FULL, lanes.park(OTHER, parked("o1")), "5 in all");
    }

    @Test
    void aHealthyRelaysBacklogTakesWhatAllMayHoldAndShrinksWhenItStartsFailing() {
        RelayLanes lanes = new RelayLanes(4, 20, ranker, Runnable::run);
        for (int i = 0; i < 4; i++) {
            assertTrue(lanes.tryAcquire(RELAY));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(RelayLanes.Parking.PARKED, lanes.park(RELAY, parked("r" + i)), "a busy healthy relay");
        }
        assertEquals(RelayLanes.Parking.FULL, lanes.park(RELAY, parked("over")));

        ranker.downvote(RELAY); // share 4 → 2, backlog 8
        lanes.release(RELAY);

        assertEquals(8, lanes.parked(), "what a failing relay may hold");
        assertEquals(
                List.of(
                        "evict r19",
                        "evict r18",
                        "evict r17",
                        "evict r16",
                        "evict r15",
                        "evict r14",
                        "evict r13",
                        "evict r12",
                        "evict r11",
                        "evict r10",
                        "evict r9",
                        "evict r8"),
                events,
                "the newest evicted");
    }

    @Test
    void aSlotFreedBeforeParkingIsGrantedAndClosingHandsBackWhatWaits() {
        RelayLanes lanes = new RelayLanes(1, 10, ranker, Runnable::run);
        assertTrue(lanes.tryAcquire(RELAY));
        lanes.release(RELAY);
        assertEquals(RelayLanes.Parking.GRANTED, lanes.park(RELAY, parked("a")));
        assertEquals(RelayLanes.Parking.PARKED, lanes.park(RELAY, parked("b")));

        lanes.close();

        assertEquals(List.of("hand back b"), events);
        assertEquals(0, lanes.parked());
        assertEquals(RelayLanes.Parking.FULL, lanes.park(RELAY, parked("c")), "nothing parks once closed");
    }

    @Test
    void aFailingRelaysShareIsHalvedPerFailureDownToOne() {
        RelayLanes lanes = new RelayLanes(16, 10, ranker, Runnable::run);
        assertEquals(16, lanes.shareOf(RELAY));
        ranker.downvote(RELAY);
        assertEquals(8, lanes.shareOf(RELAY));
        for (int i = 0; i < 10; i++) {
            ranker.downvote(RELAY);
        }
        assertEquals(1, lanes.shareOf(RELAY));
        ranker.answered(RELAY);
        assertEquals(16, lanes.shareOf(RELAY));
    }
}
