package dev.rmbee.federation;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The replay memory of one relay instance: at most {@code capacity} keys, each until its TTL ends;
 * when full, the key remembered longest ago is forgotten first (so a replay of it would be
 * delivered again). About 100 bytes per key.
 */
public final class MemoryReplayGuard implements ReplayGuard {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Clock clock;
    private final int capacity;
    /** Key → the instant (epoch ms) it may be forgotten; in the order the keys were remembered. */
    private final LinkedHashMap<ReplayKey, Long> seen = new LinkedHashMap<>();

    public MemoryReplayGuard(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the replay memory must hold at least one envelope, not " + capacity);
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized CompletionStage<Boolean> firstTime(ReplayKey key, Duration ttl) {
        long now = clock.millis();
        Long until = seen.get(key);
        if (until != null && until > now) {
            return CompletableFuture.completedFuture(false);
        }
        seen.remove(key);
        forgetExpired(now);
        Iterator<ReplayKey> oldest = seen.keySet().iterator();
        while (seen.size() >= capacity) {
            oldest.next();
            oldest.remove();
        }
        seen.put(key, now + ttl.toMillis());
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletionStage<Void> forget(ReplayKey key) {
        seen.remove(key);
        return DONE;
    }

    /** Keys remembered now (expired ones may still count until they are pushed out). */
    public synchronized int size() {
        return seen.size();
    }

    /** Drops expired keys from the oldest on, up to the first that still counts. */
    private void forgetExpired(long now) {
        Iterator<Map.Entry<ReplayKey, Long>> entries = seen.entrySet().iterator();
        while (entries.hasNext() && entries.next().getValue() <= now) {
            entries.remove();
        }
    }
}
