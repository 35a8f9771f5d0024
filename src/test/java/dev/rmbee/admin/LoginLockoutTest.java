package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Failed logins lock an address out for a while, per address, in bounded memory; all on a manual clock. */
class LoginLockoutTest {

    private static final String ATTACKER = "203.0.113.7";
    private static final String ADMIN = "198.51.100.1";
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration LOCKOUT = Duration.ofSeconds(300);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginLockout lockout = new LoginLockout(new LoginLockout.Limits(3, WINDOW, LOCKOUT, 100), clock);

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            lockout.failed(address);
        }
    }

    @Test
    void theNthFailureWithinTheWindowLocksTheAddressOutForTheLockout() {
        assertFalse(lockout.failed(ATTACKER));
        clock.advance(Duration.ofSeconds(10));
        assertFalse(lockout.failed(ATTACKER));
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER), "two failures: not yet");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(lockout.failed(ATTACKER), "the third locks it out");

        assertEquals(Optional.of(LOCKOUT), lockout.lockedOut(ATTACKER));
        clock.advance(LOCKOUT.minusSeconds(1));
        assertEquals(Optional.of(Duration.ofSeconds(1)), lockout.lockedOut(ATTACKER));
        assertFalse(lockout.failed(ATTACKER), "failures during the lockout neither count nor extend it");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER), "over");
    }

    @Test
    void afterALockoutTheCountStartsAgain() {
        fail(ATTACKER, 3);
        clock.advance(LOCKOUT);
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER));
        fail(ATTACKER, 2);
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER), "two new failures are not three");
        assertTrue(lockout.failed(ATTACKER));
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        fail(ATTACKER, 2);
        clock.advance(WINDOW);
        fail(ATTACKER, 2);
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER), "2 + 2 in two windows");
        assertTrue(lockout.failed(ATTACKER), "the third within the new window");
    }

    @Test
    void aSuccessfulLoginForgetsTheFailures() {
        fail(ATTACKER, 2);
        lockout.succeeded(ATTACKER);
        fail(ATTACKER, 2);
        assertEquals(Optional.empty(), lockout.lockedOut(ATTACKER));
        assertEquals(1, lockout.remembered());
    }

    @Test
    void eachAddressHasItsOwnCount() {
        fail(ATTACKER, 3);
        assertTrue(lockout.lockedOut(ATTACKER).isPresent());
        assertEquals(Optional.empty(), lockout.lockedOut(ADMIN));
        fail(ADMIN, 2);
        assertEquals(Optional.empty(), lockout.lockedOut(ADMIN));
    }

    @Test
    void atMostTheGivenNumberOfAddressesIsRememberedTheLeastRecentlySeenForgottenFirst() {
        LoginLockout small = new LoginLockout(new LoginLockout.Limits(3, WINDOW, LOCKOUT, 2), clock);
        for (int i = 0; i < 3; i++) {
            small.failed(ADMIN);
        }
        small.failed("10.0.0.1");
        small.lockedOut(ADMIN); // seen again: now the most recent
        for (int i = 2; i < 10_000; i++) {
            small.failed("10.0." + (i / 250) + "." + (i % 250));
            assertTrue(small.remembered() <= 2);
            small.lockedOut(ADMIN);
        }
        assertTrue(small.lockedOut(ADMIN).isPresent(), "a locked-out address seen again stays remembered");
        assertEquals(Optional.empty(), small.lockedOut("10.0.0.1"), "the least recently seen was forgotten");
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LoginLockout.Limits(0, WINDOW, LOCKOUT, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoginLockout.Limits(1, Duration.ZERO, LOCKOUT, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoginLockout.Limits(1, WINDOW, WINDOW.negated(), 1));
        assertThrows(IllegalArgumentException.class, () -> new LoginLockout.Limits(1, WINDOW, LOCKOUT, 0));
    }
}
