package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.relay.Silence.Verdict;
import org.junit.jupiter.api.Test;

/** The silence of one connection as the liveness sweep sees it: ping once at half the timeout, close once at all of it. */
class SilenceTest {

    private static final long PROBE = 150;
    private static final long CLOSE = 300;

    @Test
    void aSilentTwinIsPingedOnceThenClosedOnce() {
        Silence silence = new Silence(1_000);
        assertEquals(Verdict.NONE, silence.check(1_000 + PROBE - 1, PROBE, CLOSE));
        assertEquals(Verdict.PROBE, silence.check(1_000 + PROBE, PROBE, CLOSE));
        assertEquals(Verdict.NONE, silence.check(1_000 + PROBE + 5, PROBE, CLOSE), "pinged once per silence");
        assertEquals(Verdict.NONE, silence.check(1_000 + CLOSE - 1, PROBE, CLOSE));
        assertEquals(Verdict.CLOSE, silence.check(1_000 + CLOSE, PROBE, CLOSE));
        assertEquals(Verdict.NONE, silence.check(1_000 + CLOSE + 5, PROBE, CLOSE), "closed once");
    }

    @Test
    void hearingFromTheTwinStartsTheSilenceAgainAndAllowsAnotherPing() {
        Silence silence = new Silence(0);
        assertEquals(Verdict.PROBE, silence.check(PROBE, PROBE, CLOSE));
        silence.heard(PROBE + 10); // its pong
        assertEquals(Verdict.NONE, silence.check(CLOSE, PROBE, CLOSE), "heard from 290 ago is not the whole timeout");
        assertEquals(Verdict.PROBE, silence.check(PROBE + 10 + PROBE, PROBE, CLOSE), "silent again: pinged again");
        assertEquals(Verdict.CLOSE, silence.check(PROBE + 10 + CLOSE, PROBE, CLOSE));
    }

    @Test
    void aSweepThatComesLateClosesWithoutPingingFirst() {
        Silence silence = new Silence(-50);
        assertEquals(Verdict.CLOSE, silence.check(-50 + CLOSE + 1, PROBE, CLOSE));
    }
}
