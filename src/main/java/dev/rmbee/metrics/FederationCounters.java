package dev.rmbee.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What federation counts, for this relay instance since it started: per remote relay (at most
 * {@code maxRelays} domains, the rest folded into {@value BoundedLabels#OTHER}) the envelopes it
 * took, the attempts that failed and the time the POSTs took; the envelopes given up and the error
 * envelopes that sent back, by reason; and the answers to other relays' POSTs, by HTTP status.
 */
public final class FederationCounters {

    /** Default bound on the remote relay domains counted apart. */
    public static final int DEFAULT_MAX_RELAYS = 100;

    /** The statuses {@code POST /} answers are few; this bound is only a guard. */
    private static final int MAX_STATUSES = 32;

    /** The counters of one remote relay. */
    public static final class Relay {
        private final LongAdder delivered = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder posts = new LongAdder();
        private final LongAdder postNanos = new LongAdder();

        /** Envelopes it took (HTTP 202): the reference's {@code federation_message_success}. */
        public long delivered() {
            return delivered.sum();
        }

        /** Attempts it did not take (another status, no connection, timeout): {@code federation_message_error}. */
        public long failed() {
            return failed.sum();
        }

        /** POSTs sent to it, whatever their outcome. */
        public long posts() {
            return posts.sum();
        }

        /** Their total duration, in seconds. */
        public double postSeconds() {
            return postNanos.sum() / 1e9;
        }
    }

    private final BoundedLabels<Relay> relays;
    private final EnumCounters<ErrorReason> givenUp = new EnumCounters<>(ErrorReason.class);
    private final EnumCounters<ErrorReason> errorEnvelopes = new EnumCounters<>(ErrorReason.class);
    private final BoundedLabels<LongAdder> inbound = new BoundedLabels<>(MAX_STATUSES, LongAdder::new);

    public FederationCounters(int maxRelays) {
        this.relays = new BoundedLabels<>(maxRelays, Relay::new);
    }

    public FederationCounters() {
        this(DEFAULT_MAX_RELAYS);
    }

    /** One POST to {@code relay} that took {@code nanos}; {@code taken} when it answered 202. */
    public void posted(String relay, long nanos, boolean taken) {
        Relay counters = relays.get(relay);
        counters.posts.increment();
        counters.postNanos.add(nanos);
        (taken ? counters.delivered : counters.failed).increment();
    }

    /** An envelope was given up (not delivered, never retried again). */
    public void gaveUp(ErrorReason reason) {
        givenUp.increment(reason);
    }

    /** Its sender (of a request) was sent an error envelope. */
    public void errorEnvelope(ErrorReason reason) {
        errorEnvelopes.increment(reason);
    }

    /** Another relay's {@code POST /} was answered with {@code status}. */
    public void received(int status) {
        inbound.get(Integer.toString(status)).increment();
    }

    /** The remote relays' counters, by domain (watch them to learn of new ones). */
    public BoundedLabels<Relay> relays() {
        return relays;
    }

    /** The answers to other relays' POSTs, by status (watch them to learn of new ones). */
    public BoundedLabels<LongAdder> inbound() {
        return inbound;
    }

    public long givenUp(ErrorReason reason) {
        return givenUp.get(reason);
    }

    public long errorEnvelopes(ErrorReason reason) {
        return errorEnvelopes.get(reason);
    }

    /** Envelopes each relay took, by domain (sorted; relays with none left out). */
    public Map<String, Long> delivered() {
        return sums(true);
    }

    /** Failed attempts per relay, by domain (sorted; relays with none left out). */
    public Map<String, Long> failed() {
        return sums(false);
    }

    private Map<String, Long> sums(boolean delivered) {
        Map<String, Long> sums = new TreeMap<>();
        relays.snapshot().forEach((domain, relay) -> {
            long sum = delivered ? relay.delivered() : relay.failed();
            if (sum > 0) {
                sums.put(domain, sum);
            }
        });
        return sums;
    }
}
