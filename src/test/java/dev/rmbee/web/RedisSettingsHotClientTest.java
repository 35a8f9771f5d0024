package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code rmb.redis.hot-client}: which client serves the relay's append script. */
class RedisSettingsHotClientTest {

    private final RedisSettings settings = new RedisSettings();

    @Test
    void respAndRedissonAreTheTwoChoices() {
        settings.hotClient = "resp";
        assertTrue(settings.respHotClient());
        settings.hotClient = " redisson ";
        assertFalse(settings.respHotClient());
    }

    @Test
    void anotherValueFailsNamingTheSetting() {
        settings.hotClient = "lettuce";

        IllegalStateException error = assertThrows(IllegalStateException.class, settings::respHotClient);
        assertEquals("rmb.redis.hot-client: 'resp' or 'redisson', not 'lettuce'", error.getMessage());
    }
}
