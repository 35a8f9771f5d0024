package dev.rmbee.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One reachability check shared by the probes that need it: a result is reused for {@code reuse}
 * after the check that made it ended, and callers that come while a check runs wait for that one,
 * so that probes never ping more than once per {@code reuse}, however many checks or probes ask.
 */
final class SharedPing {

    private final BooleanSupplier ping;
    private final Duration reuse;
    private final Clock clock;

    // guarded by this
    private Instant checkedAt;
    private boolean reachable;

    /**
     * @param ping the check itself: bounded by its own timeout, true when the other side answered
     * @param reuse how long a result stands
     */
    SharedPing(BooleanSupplier ping, Duration reuse, Clock clock) {
        this.ping = Objects.requireNonNull(ping, "ping");
        this.reuse = Objects.requireNonNull(reuse, "reuse");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The last result while it stands, else the result of a new check. */
    synchronized boolean reachable() {
        if (checkedAt == null || !clock.instant().isBefore(checkedAt.plus(reuse))) {
            reachable = ping.getAsBoolean();
            checkedAt = clock.instant();
        }
        return reachable;
    }
}
