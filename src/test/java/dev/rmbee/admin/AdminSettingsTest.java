package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Which ports serve the admin API, and the settings a deployment refuses. */
class AdminSettingsTest {

    private static AdminSettings settings(String password, int port) {
        AdminSettings settings = new AdminSettings();
        settings.user = "admin";
        settings.password = Optional.ofNullable(password);
        settings.port = port;
        settings.lockoutFailures = 10;
        settings.lockoutWindowSeconds = 300;
        settings.lockoutSeconds = 300;
        settings.lockoutAddresses = 10_000;
        settings.maxBodyBytes = 65_536;
        return settings;
    }

    private static AdminSettings started(String password, int port) {
        AdminSettings settings = settings(password, port);
        settings.start();
        return settings;
    }

    @Test
    void withoutAnAdminPortEveryPortServesTheApi() {
        AdminSettings settings = started("pw", -1);
        assertEquals(OptionalInt.empty(), settings.port());
        assertTrue(settings.servedOn(8080));
        assertTrue(settings.servedOn(9443));
    }

    @Test
    void withAnAdminPortOnlyThatPortServesTheApi() {
        AdminSettings settings = started("pw", 9090);
        assertEquals(OptionalInt.of(9090), settings.port());
        assertTrue(settings.servedOn(9090));
        assertFalse(settings.servedOn(8080));
    }

    @Test
    void withoutAPasswordNoPortServesTheApi() {
        assertFalse(started(null, -1).servedOn(8080));
        assertFalse(started(" ", 9090).servedOn(9090));
    }

    @Test
    void theLockoutComesFromItsSettings() {
        assertEquals(
                new LoginLockout.Limits(10, Duration.ofMinutes(5), Duration.ofMinutes(5), 10_000),
                started("pw", -1).lockout());
    }

    @Test
    void aDeploymentRefusesABadPortOrLockout() {
        for (int port : new int[] {0, -2, 65536}) {
            AdminSettings settings = settings("pw", port);
            IllegalStateException refused = assertThrows(IllegalStateException.class, settings::start);
            assertTrue(refused.getMessage().startsWith("rmb.admin.port"), refused.getMessage());
        }
        AdminSettings noFailures = settings("pw", -1);
        noFailures.lockoutFailures = 0;
        IllegalStateException refused = assertThrows(IllegalStateException.class, noFailures::start);
        assertTrue(refused.getMessage().startsWith("rmb.admin.lockout"), refused.getMessage());
        AdminSettings noBody = settings("pw", -1);
        noBody.maxBodyBytes = 0;
        refused = assertThrows(IllegalStateException.class, noBody::start);
        assertTrue(refused.getMessage().startsWith("rmb.admin.max-body-bytes"), refused.getMessage());
        assertEquals(65_536, started("pw", -1).maxBodyBytes());
    }
}
