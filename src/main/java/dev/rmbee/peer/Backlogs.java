package dev.rmbee.peer;

import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The backlogs of this gateway's recent requests, in memory: a response finds the {@code ret} of
 * its request here without a {@code GET msgbus.backlog.<uid>}. Each is kept for its TTL, at most
 * {@code capacity} of them (beyond it the oldest is forgotten, and its responses read Redis). The
 * copy in Redis, stored when the request's item is finished, is what a restart or another gateway
 * finds.
 */
final class Backlogs {

    private record Kept(Backlog backlog, long deadline) {}

    private final int capacity;
    private final Clock clock;
    // guarded by this: uid -> backlog, oldest first
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();

    Backlogs(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Keeps {@code backlog} for its TTL (seconds). */
    synchronized void keep(Backlog backlog) {
        long now = now();
        forgetExpired(now);
        kept.remove(backlog.getUid());
        kept.put(backlog.getUid(), new Kept(backlog, now + Math.max(1, backlog.getTtl())));
        if (kept.size() > capacity) {
            Iterator<Map.Entry<String, Kept>> oldest = kept.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The backlog of {@code uid} while its TTL lasts; empty when unknown here. */
    synchronized Optional<Backlog> find(String uid) {
        long now = now();
        forgetExpired(now);
        Kept found = kept.get(uid);
        return found == null || found.deadline() <= now ? Optional.empty() : Optional.of(found.backlog());
    }

    synchronized int size() {
        return kept.size();
    }

    /** Forgets expired backlogs from the oldest on, up to the first one still valid. */
    private void forgetExpired(long now) {
        Iterator<Map.Entry<String, Kept>> it = kept.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().deadline() <= now) {
            it.remove();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
