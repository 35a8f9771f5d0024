package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lockout's settings, and the ones a deployment refuses. */
class AdminSettingsTest {

    private static AdminSettings settings(String password) {
        AdminSettings settings = new AdminSettings();
        settings.user = "admin";
        settings.password = Optional.ofNullable(password);
        settings.lockoutFailures = 10;
        settings.lockoutWindowSeconds = 300;
        settings.lockoutSeconds = 300;
        settings.lockoutAddresses = 10_000;
        return settings;
    }

    private static AdminSettings started(String password) {
        AdminSettings settings = settings(password);
        settings.start();
        return settings;
    }

    @Test
    void theLockoutComesFromItsSettings() {
        assertEquals(
                new LoginLockout.Limits(10, Duration.ofMinutes(5), Duration.ofMinutes(5), 10_000),
                started("pw").lockout());
    }

    @Test
    void aDeploymentRefusesABadLockout() {
        AdminSettings noFailures = settings("pw");
        noFailures.lockoutFailures = 0;
        IllegalStateException refused = assertThrows(IllegalStateException.class, noFailures::start);
        assertTrue(refused.getMessage().startsWith("rmb.admin.lockout"), refused.getMessage());
    }
}
