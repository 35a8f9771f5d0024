package dev.rmbee.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FederationCountersTest {

    private final FederationCounters counters = new FederationCounters(2);

    @Test
    void postsAreCountedPerRelayWithTheirDuration() {
        counters.posted("a.example", 2_000_000, true);
        counters.posted("a.example", 3_000_000, false);
        counters.posted("b.example", 1_000_000, false);

        FederationCounters.Relay a = counters.relays().get("a.example");
        assertEquals(1, a.delivered());
        assertEquals(1, a.failed());
        assertEquals(2, a.posts());
        assertEquals(0.005, a.postSeconds(), 1e-12);
        assertEquals(Map.of("a.example", 1L), counters.delivered());
        assertEquals(Map.of("a.example", 1L, "b.example", 1L), counters.failed());
    }

    @Test
    void relaysBeyondTheBoundAreCountedAsOther() {
        counters.posted("a.example", 1, true);
        counters.posted("b.example", 1, true);
        counters.posted("c.example", 1, true);
        counters.posted("d.example", 1, true);

        assertEquals(Map.of("a.example", 1L, "b.example", 1L, BoundedLabels.OTHER, 2L), counters.delivered());
    }

    @Test
    void givenUpAndErrorEnvelopesAreCountedByReason() {
        counters.gaveUp(ErrorReason.FEDERATION_EXPIRED);
        counters.gaveUp(ErrorReason.FEDERATION_EXPIRED);
        counters.errorEnvelope(ErrorReason.FEDERATION_EXPIRED);

        assertEquals(2, counters.givenUp(ErrorReason.FEDERATION_EXPIRED));
        assertEquals(1, counters.errorEnvelopes(ErrorReason.FEDERATION_EXPIRED));
        assertEquals(0, counters.givenUp(ErrorReason.FEDERATION_REJECTED));
    }

    @Test
    void answersToOtherRelaysAreCountedByStatus() {
        counters.received(202);
        counters.received(202);
        counters.received(401);

        assertEquals(2, counters.inbound().get("202").sum());
        assertEquals(1, counters.inbound().get("401").sum());
    }
}
