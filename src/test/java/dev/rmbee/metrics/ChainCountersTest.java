package dev.rmbee.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChainCountersTest {

    private final ChainCounters counters = new ChainCounters();

    @Test
    void theFirstConnectionIsNoReconnect() {
        assertEquals(0, counters.reconnects());
        counters.connected();
        assertEquals(0, counters.reconnects());
        counters.connected();
        counters.connected();
        assertEquals(2, counters.reconnects());
    }

    @Test
    void stagesAreLabelledInLowerCase() {
        counters.failed(ChainCounters.Stage.CACHE_SET);

        assertEquals(1, counters.errors(ChainCounters.Stage.CACHE_SET));
        assertEquals("cache_set", ChainCounters.Stage.CACHE_SET.label());
    }
}
