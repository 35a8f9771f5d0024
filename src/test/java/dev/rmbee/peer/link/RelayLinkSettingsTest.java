package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayLinkSettingsTest {

    @Test
    void theDefaultsAreTheReferenceTimings() {
        RelayLinkSettings defaults = RelayLinkSettings.DEFAULTS;
        assertEquals(Duration.ofSeconds(300), defaults.tokenTtl());
        assertEquals(Duration.ofSeconds(20), defaults.idlePing());
        assertEquals(Duration.ofSeconds(40), defaults.liveness());
        assertEquals(Duration.ofSeconds(1), defaults.backoffInitial(), "so the first delay is 0.5 to 1 s");
        assertEquals(Duration.ofSeconds(30), defaults.backoffMax());
        assertEquals(Duration.ofSeconds(1), defaults.tick(), "checked every second");
    }

    @Test
    void shrunkTimingsAreCheckedMoreOftenButNotBusily() {
        assertEquals(
                Duration.ofMillis(50),
                RelayLinkSettings.DEFAULTS
                        .withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofMillis(400))
                        .tick());
        assertEquals(
                Duration.ofMillis(10),
                RelayLinkSettings.DEFAULTS
                        .withKeepAlive(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(1))
                        .tick());
    }

    @Test
    void inconsistentSettingsAreRefused() {
        RelayLinkSettings defaults = RelayLinkSettings.DEFAULTS;
        assertEquals(
                "liveness (PT20S) must be longer than the idle ping (PT20S), or an idle connection is dropped before it is pinged",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> defaults.withKeepAlive(
                                        Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(60)))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> defaults.withKeepAlive(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(60)));
        assertThrows(
                IllegalArgumentException.class,
                () -> defaults.withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(-1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBounds(0, 64, 100, 1000));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBounds(100, 64, 100, 0));
    }
}
