package dev.rmbee.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of outbound federation (docs/configuration.md lists the settings).
 *
 * @param window the entries handled at once relay-wide (POSTs in flight, lookups); entries
 *     waiting in a relay's backlog do not count
 * @param relayShare the POSTs one destination relay may have in flight (halved per failure while
 *     it is failing, down to 1)
 * @param maxHorizon how long an undelivered envelope is retried at most, counted from its
 *     timestamp, whatever its expiration; then it is given up as expired
 */
public record EgressLimits(int window, int relayShare, Duration maxHorizon) {

    public static final int DEFAULT_WINDOW = 64;
    public static final int DEFAULT_RELAY_SHARE = 16;
    public static final Duration DEFAULT_MAX_HORIZON = Duration.ofHours(1);

    /** The defaults: window 64, share 16, horizon 1 h. */
    public static final EgressLimits DEFAULTS =
            new EgressLimits(DEFAULT_WINDOW, DEFAULT_RELAY_SHARE, DEFAULT_MAX_HORIZON);

    public EgressLimits {
        Objects.requireNonNull(maxHorizon, "maxHorizon");
        if (window < 1 || relayShare < 1 || maxHorizon.toSeconds() < 1) {
            throw new IllegalArgumentException("federation window and relay share must be at least 1 and the"
                    + " retry horizon at least 1 s, not " + window + ", " + relayShare + " and " + maxHorizon);
        }
    }

    /** Entries all relays' backlogs hold together: {@value RelayLanes#BACKLOG_FACTOR} windows. */
    int maxParked() {
        return RelayLanes.BACKLOG_FACTOR * window;
    }
}
