package dev.rmbee.federation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A token bucket per remote address: each federation POST takes one token; a bucket holds at most
 * {@code burst} tokens and refills at {@code ratePerSecond}. Bounds the work (a signature check
 * costs about 0.4 ms) one address can cause. IPv6 addresses count by their /64, which one host
 * usually has whole. At most {@value #MAX_ADDRESSES} addresses are tracked, the least recently seen
 * dropped first (it starts full again when it comes back). A rate of 0 turns the bound off.
 */
final class AddressBuckets {

    /** Addresses tracked at once. */
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final double ratePerMilli;
    private final double burst;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    AddressBuckets(Clock clock, double ratePerSecond, int burst) {
        if (ratePerSecond < 0 || burst < 1 && ratePerSecond > 0) {
            throw new IllegalArgumentException(
                    "an ingress bound needs a rate of at least 0 and a burst of at least 1, not " + ratePerSecond
                            + "/s and " + burst);
        }
        this.clock = clock;
        this.ratePerMilli = ratePerSecond / 1000;
        this.burst = burst;
    }

    /** Takes a token for a POST from {@code address}; false when its bucket is empty. */
    synchronized boolean take(String address) {
        if (ratePerMilli == 0) {
            return true;
        }
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(key(address), any -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilled) * ratePerMilli);
        bucket.refilled = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** The bucket's key: the address, or for an IPv6 address its first four groups (its /64). */
    static String key(String address) {
        String plain =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (plain.indexOf(':') < 0) {
            return plain;
        }
        try {
            // in brackets: a literal is parsed, anything else refused, never looked up in DNS
            byte[] bytes = InetAddress.getByName("[" + plain + "]").getAddress();
            if (bytes.length != 16) {
                return plain;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format(Locale.ROOT, "%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return plain; // not a literal: keyed as it is
        }
    }

    private static final class Bucket {
        double tokens;
        long refilled;

        Bucket(double tokens, long refilled) {
            this.tokens = tokens;
            this.refilled = refilled;
        }
    }
}
