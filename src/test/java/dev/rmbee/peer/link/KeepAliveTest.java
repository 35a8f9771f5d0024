package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    /** The reference's timings: ping after 20 s of silence, dead after 40 s; an envelope Ping after 60 s. */
    private final KeepAlive keepAlive =
            new KeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(60), T0);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aBusyConnectionNeedsNothing() {
        for (int s = 5; s <= 300; s += 5) {
            keepAlive.envelopeReceived(at(s));
            assertEquals(KeepAlive.Due.NOTHING, keepAlive.check(at(s)));
        }
    }

    @Test
    void silenceGetsAPingFrameOncePerIdlePeriod() {
        assertEquals(KeepAlive.Due.NOTHING, keepAlive.check(at(19)));
        assertTrue(keepAlive.check(at(20)).pingFrame());
        keepAlive.pingFrameSent(at(20));
        assertFalse(keepAlive.check(at(30)).pingFrame(), "one ping per idle period");
        assertTrue(keepAlive.check(at(40)).pingFrame());
    }

    @Test
    void aPongFrameKeepsTheConnectionAlive() {
        keepAlive.pingFrameSent(at(20));
        keepAlive.frameReceived(at(21)); // the relay's Pong frame
        assertNull(keepAlive.check(at(61)).abortReason());
        assertNotNull(keepAlive.check(at(62)).abortReason());
    }

    @Test
    void nothingReceivedForTheLivenessWindowIsAHalfOpenConnection() {
        keepAlive.pingFrameSent(at(20));
        assertNull(keepAlive.check(at(40)).abortReason(), "exactly the window is still fine");
        assertEquals("nothing received for 40000 ms", keepAlive.check(at(41)).abortReason());
    }

    @Test
    void anEnvelopePingIsDueAfterAQuietMinuteAndMustBeAnswered() {
        keepAlive.frameReceived(at(50)); // Pong frames keep coming, but no envelopes
        KeepAlive.Due due = keepAlive.check(at(60));
        assertTrue(due.envelopePing());
        keepAlive.envelopePingQueued();
        assertFalse(keepAlive.check(at(61)).envelopePing(), "one at a time");
        keepAlive.envelopePingSent("p1", at(62));
        keepAlive.frameReceived(at(90));
        keepAlive.frameReceived(at(100));
        assertNull(keepAlive.check(at(102)).abortReason());
        assertEquals(
                "no Pong to the envelope Ping within 40000 ms",
                keepAlive.check(at(103)).abortReason());
    }

    @Test
    void theAnswerClearsTheEnvelopePingAndOnlyItsOwnUidCounts() {
        keepAlive.envelopePingQueued();
        keepAlive.envelopePingSent("p1", at(60));
        assertFalse(keepAlive.pongReceived("an-old-one"));
        assertTrue(keepAlive.pongReceived("p1"));
        keepAlive.envelopeReceived(at(61)); // the Pong is an envelope too
        keepAlive.frameReceived(at(110));
        assertNull(keepAlive.check(at(120)).abortReason());
        assertFalse(keepAlive.check(at(120)).envelopePing());
        assertTrue(keepAlive.check(at(121)).envelopePing());
    }

    @Test
    void aDroppedEnvelopePingCanBeQueuedAgain() {
        keepAlive.envelopePingQueued();
        keepAlive.envelopePingDropped();
        keepAlive.frameReceived(at(60));
        assertTrue(keepAlive.check(at(60)).envelopePing());
    }
}
