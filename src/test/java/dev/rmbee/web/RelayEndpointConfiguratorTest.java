package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RelayEndpointConfiguratorTest {

    @Test
    void everyConnectionGetsTheOneEndpointLookedUpOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        RelayEndpoint made = new RelayEndpoint();
        RelayEndpointConfigurator configurator = new RelayEndpointConfigurator(() -> {
            lookups.incrementAndGet();
            return made;
        });

        RelayEndpoint first = configurator.getEndpointInstance(RelayEndpoint.class);
        RelayEndpoint second = configurator.getEndpointInstance(RelayEndpoint.class);

        assertSame(made, first);
        assertSame(made, second);
        assertEquals(1, lookups.get());
    }
}
