package dev.rmbee.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Failed logins per remote address, against guessing the admin password: once an address has
 * failed {@code failures} times within {@code window} of its first failure, it is locked out for
 * {@code lockout}, and its requests are refused without a look at their credentials. A successful
 * login forgets the address's failures. At most {@code addresses} addresses are remembered, the
 * least recently seen forgotten first, so that requests from ever new addresses cannot grow the
 * memory without bound. Thread-safe.
 */
public final class LoginLockout {

    /** The lockout's settings; see the class comment. */
    public record Limits(int failures, Duration window, Duration lockout, int addresses) {
        public Limits {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(lockout, "lockout");
            if (failures < 1 || addresses < 1 || notPositive(window) || notPositive(lockout)) {
                throw new IllegalArgumentException("failures, addresses, window and lockout must be positive");
            }
        }

        private static boolean notPositive(Duration duration) {
            return duration.isNegative() || duration.isZero();
        }
    }

    /** One address's failures since {@code since}, or its lockout until {@code lockedUntil}. */
    private static final class Failures {
        int count;
        Instant since;
        Instant lockedUntil;

        Failures(Instant since) {
            this.since = since;
        }
    }

    private final Limits limits;
    private final Clock clock;
    // guarded by this; in access order, so that the eldest entry is the least recently seen address
    private final Map<String, Failures> failures;

    public LoginLockout(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > limits.addresses();
            }
        };
    }

    public Limits limits() {
        return limits;
    }

    /** How much longer {@code address} is locked out; empty when it may try to log in. */
    public synchronized Optional<Duration> lockedOut(String address) {
        Failures entry = failures.get(address);
        if (entry == null || entry.lockedUntil == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), entry.lockedUntil);
        if (left.isNegative() || left.isZero()) {
            failures.remove(address);
            return Optional.empty();
        }
        return Optional.of(left);
    }

    /** Counts a failed login of {@code address}; true when this failure locked it out. */
    public synchronized boolean failed(String address) {
        Instant now = clock.instant();
        Failures entry = failures.computeIfAbsent(address, key -> new Failures(now));
        if (entry.lockedUntil != null && now.isBefore(entry.lockedUntil)) {
            return false;
        }
        if (entry.lockedUntil != null || !now.isBefore(entry.since.plus(limits.window()))) {
            entry.count = 0;
            entry.since = now;
            entry.lockedUntil = null;
        }
        entry.count++;
        if (entry.count < limits.failures()) {
            return false;
        }
        entry.lockedUntil = now.plus(limits.lockout());
        return true;
    }

    /** A successful login of {@code address}: its failures are forgotten. */
    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    /** How many addresses are remembered now. */
    synchronized int remembered() {
        return failures.size();
    }
}
