package dev.rmbee.metrics;

import java.util.Locale;

/**
 * Why the relay refused an envelope: the {@code reason} label of the error-envelope and drop
 * counters. The first group is the router's (an envelope a twin sent here), the second the
 * federation's (an envelope for another relay given up).
 */
public enum ErrorReason {
    /** {@code exceeded rate limits, dropping message} */
    RATE_LIMITED(false),
    /** {@code message wrong source} */
    WRONG_SOURCE(false),
    /** {@code message with missing destination} */
    MISSING_DESTINATION(false),
    /** {@code unknown twin destination} */
    UNKNOWN_TWIN(false),
    /** {@code relay info is not set for this twin} */
    NO_RELAY(false),
    /** {@code destination offline}: fail-fast to a session that is not connected */
    DESTINATION_OFFLINE(false),
    /** {@code twin registry unavailable: …} */
    REGISTRY_UNAVAILABLE(false),
    /** {@code failed to route message to peer …}: the session queue did not take it */
    QUEUE_FAILED(false),
    /**
     * the envelope does not fit in the relay's memory budget or in its destination's full queue
     * ({@code relay out of queue space}, {@code queue full …})
     */
    QUEUE_FULL(false),
    /** a request's TTL ran out while it waited in a session queue ({@code message has expired before it could be delivered}, code 102) */
    EXPIRED(false),
    /** the federation queue did not take it ({@code federation queue error: …}, {@code redis error: …}) */
    FEDERATION_QUEUE_FAILED(false),
    /** federation: {@code message has expired} */
    FEDERATION_EXPIRED(true),
    /** federation: a remote relay answered 4xx ({@code remote relay rejected permanently: destination offline}) */
    FEDERATION_REJECTED(true),
    /** federation: the destination twin is unknown */
    FEDERATION_TWIN_NOT_FOUND(true),
    /** federation: the destination twin has no relays */
    FEDERATION_NO_RELAY(true);

    private final boolean federation;

    ErrorReason(boolean federation) {
        this.federation = federation;
    }

    /** True for the federation's reasons (an envelope for another relay given up), false for the router's. */
    public boolean isFederation() {
        return federation;
    }

    /** The label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
