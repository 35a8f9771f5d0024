package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpgradeAuthenticationFilterTest {

    @Test
    void theEchoPathPassesWithoutTokenOnlyWhileTheEchoIsOn() {
        assertTrue(UpgradeAuthenticationFilter.isBenchEcho("/bench/echo", "", true));
        assertTrue(UpgradeAuthenticationFilter.isBenchEcho("/relay/bench/echo", "/relay", true));
        assertFalse(UpgradeAuthenticationFilter.isBenchEcho("/bench/echo", "", false));
        assertFalse(UpgradeAuthenticationFilter.isBenchEcho("/bench/echo", null, false));
    }

    @Test
    void noOtherPathPassesWithoutToken() {
        for (String uri : new String[] {"/", "", "/bench", "/bench/", "/bench/echo/", "/bench/echo/x", "/bench/echoes",
                "//bench/echo", "/bench//echo", "/bench/echo;x=1", "/bench/%65cho", "/BENCH/ECHO", "/x/bench/echo"}) {
            assertFalse(UpgradeAuthenticationFilter.isBenchEcho(uri, "", true), uri);
        }
        assertFalse(UpgradeAuthenticationFilter.isBenchEcho("/bench/echo", "/relay", true));
        assertFalse(UpgradeAuthenticationFilter.isBenchEcho(null, "", true));
    }
}
