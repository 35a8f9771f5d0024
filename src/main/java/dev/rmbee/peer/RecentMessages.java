package dev.rmbee.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages this peer pushed to a local list lately, so that one a relay delivers again (at
 * least once: after a reconnect, envelopes not yet confirmed come again) is not pushed twice. A
 * message is known by the {@link #digest} of its kind, sender and uid, remembered until its
 * deadline (at most {@link #MAX_REMEMBERED_SECONDS}), and at most {@code capacity} of them: beyond
 * it the oldest is forgotten. This is the fast path in memory; the marker in Redis ({@code
 * LocalBus#pushOnce}) is what survives a restart.
 */
final class RecentMessages {

    /** The longest a message is remembered, whatever its expiration says: one day. */
    static final long MAX_REMEMBERED_SECONDS = 86_400;

    private final int capacity;
    private final Clock clock;
    // guarded by this: digest -> deadline (Unix seconds), oldest remembered first
    private final LinkedHashMap<String, Long> remembered = new LinkedHashMap<>();

    RecentMessages(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * The key of a message: 32 hex digits of the SHA-256 of its kind, sender and uid, so that a
     * uid of any length costs the same.
     */
    static String digest(String kind, String sender, String uid) {
        MessageDigest sha = SHA_256.get(); // digest() leaves it reset
        sha.update(kind.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(sender.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(uid.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** One digest per thread: the provider lookup of {@code getInstance} cost as much as the hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    /** Seconds from now until {@code deadline}, at least 1 and at most {@link #MAX_REMEMBERED_SECONDS}. */
    long secondsLeft(long deadline) {
        long now = clock.instant().getEpochSecond();
        if (Long.compareUnsigned(deadline, now) <= 0) {
            return 1;
        }
        long left = deadline - now;
        return left < 0 || left > MAX_REMEMBERED_SECONDS ? MAX_REMEMBERED_SECONDS : Math.max(1, left);
    }

    /** True when {@code digest} is remembered and its deadline has not passed. */
    synchronized boolean contains(String digest) {
        forgetExpired();
        Long deadline = remembered.get(digest);
        return deadline != null && deadline > now();
    }

    /**
     * Remembers {@code digest} until {@code deadline} (Unix seconds, unsigned; capped at {@link
     * #MAX_REMEMBERED_SECONDS} from now), forgetting the oldest beyond the capacity.
     */
    synchronized void remember(String digest, long deadline) {
        forgetExpired();
        remembered.remove(digest);
        remembered.put(digest, now() + secondsLeft(deadline));
        if (remembered.size() > capacity) {
            Iterator<Map.Entry<String, Long>> oldest = remembered.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized int size() {
        return remembered.size();
    }

    /** Forgets expired entries from the oldest on, up to the first one still valid. */
    private void forgetExpired() {
        long now = now();
        Iterator<Map.Entry<String, Long>> it = remembered.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= now) {
            it.remove();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
