package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RespOptionsTest {

    @Test
    void anotherDatabaseKeepsTheOtherOptions() {
        RespOptions three = RespOptions.DEFAULTS.withDatabase(3);
        assertEquals(3, three.database());
        assertEquals(0, RespOptions.DEFAULTS.database());
        assertEquals(RespOptions.DEFAULTS, three.withDatabase(0));
    }

    @Test
    void aNegativeDatabaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RespOptions.DEFAULTS.withDatabase(-1));
    }
}
