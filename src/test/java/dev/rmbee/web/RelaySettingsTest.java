package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SocketSessions;
import dev.rmbee.testing.MutableClock;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The relay settings' defaults, as MicroProfile Config gives them when nothing is set. */
class RelaySettingsTest {

    /** The settings with every field at its {@code @ConfigProperty} default. */
    static RelaySettings defaults() throws ReflectiveOperationException {
        RelaySettings settings = new RelaySettings();
        for (Field field : RelaySettings.class.getDeclaredFields()) {
            ConfigProperty property = field.getAnnotation(ConfigProperty.class);
            if (property == null) {
                continue;
            }
            String value = property.defaultValue();
            field.setAccessible(true);
            if (field.getType() == int.class) {
                field.setInt(settings, Integer.parseInt(value));
            } else if (field.getType() == long.class) {
                field.setLong(settings, Long.parseLong(value));
            } else if (field.getType() == Optional.class) {
                field.set(settings, Optional.empty()); // the unset settings whose defaults are derived
            } else {
                field.set(settings, value);
            }
        }
        return settings;
    }

    @Test
    void byDefaultATwinMaySend1000MessagesASecondForAWholeWindowButNotMore() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_040L)); // the start of a 60 s window
        RateLimiter limiter = defaults().rateLimiter(clock);
        assertTrue(limiter.isEnabled(), "the rate limit is on by default");
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(limiter.admit(7, 1200), "message " + i + " of second " + second);
            }
            clock.advance(Duration.ofMillis(999));
        }
        assertFalse(limiter.admit(7, 1200), "a flood goes over it within the window");
        assertTrue(limiter.admit(8, 1200), "another twin is not limited by it");
    }

    @Test
    void byDefaultATwinMaySend50MiBASecondOnAverage() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_040L));
        RateLimiter limiter = defaults().rateLimiter(clock);
        int fourMiB = 4 << 20;
        for (int i = 0; i < 750; i++) { // 3,000 MiB of 4 MiB messages in one window
            assertTrue(limiter.admit(7, fourMiB), "message " + i);
        }
        assertFalse(limiter.admit(7, fourMiB));
    }

    @Test
    void bothLimitsAtZeroMeanNoRateLimit() throws Exception {
        RelaySettings settings = defaults();
        settings.limitCount = 0;
        settings.limitBytes = 0;
        assertFalse(settings.rateLimiter(new MutableClock(Instant.EPOCH)).isEnabled());
    }

    @Test
    void theOtherPerTwinDefaults() throws Exception {
        RelaySettings settings = defaults();
        assertEquals(32, settings.maxSessionsPerTwin());
        assertEquals(new SocketSessions.Rules(4 << 20, true, Duration.ofSeconds(30), 1 << 20), settings.socketRules());
    }
}
