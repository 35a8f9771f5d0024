package dev.rmbee.federation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Each destination relay's share of the federation POSTs in flight, and a bounded backlog of the
 * entries waiting for a slot of it: a slow or dead relay holds at most its share of POSTs, and what
 * waits for it does not stand in the way of other relays. A relay that is failing now (the
 * {@link RelayRanker}'s streak of failures since it last answered) gets a smaller share: halved
 * per failure, down to 1 slot after four. All backlogs together hold at most {@code maxParked}
 * entries, and the backlog of a failing relay at most {@value #BACKLOG_FACTOR} times its current
 * share: when a relay starts failing, what its backlog holds beyond that is evicted (newest first),
 * so that entries do not sit for long behind a relay that times out. An entry that does not fit,
 * or is evicted, goes back to the queue ({@link Parked#evict}).
 */
final class RelayLanes {

    /** A relay's backlog holds at most this many times its current share. */
    static final int BACKLOG_FACTOR = 4;

    /** Halvings of the share of a failing relay, at most (16 → 1). */
    private static final int MAX_HALVINGS = 4;

    /** An entry waiting in a relay's backlog. */
    interface Parked {
        /** A slot of the relay's share is now this entry's (runs on the executor). */
        void resume();

        /** The lanes are closing: the entry goes back to the queue, holding no slot. */
        void handBack();

        /** The relay started failing and its backlog shrank: the entry goes back to the queue for later. */
        void evict();
    }

    /** What {@link #park} did. */
    enum Parking {
        /** A slot was free after all: the caller holds it now. */
        GRANTED,
        /** The entry waits; {@link Parked#resume} runs once it holds a slot. */
        PARKED,
        /** The relay's backlog (or all backlogs) is full: the caller hands the entry back. */
        FULL
    }

    private static final class Lane {
        int inFlight;
        final ArrayDeque<Parked> waiting = new ArrayDeque<>();
    }

    private final int share;
    private final int maxParked;
    private final RelayRanker ranker;
    private final Executor executor;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Lane> lanes = new HashMap<>();
    private int parked;
    private boolean closed;

    /**
     * @param share the POSTs one healthy relay may have in flight
     * @param maxParked the entries all backlogs hold together
     * @param executor runs {@link Parked#resume} (the slot is freed on the thread of a POST's end)
     */
    RelayLanes(int share, int maxParked, RelayRanker ranker, Executor executor) {
        if (share < 1 || maxParked < 0) {
            throw new IllegalArgumentException("relay share must be at least 1, backlog not negative");
        }
        this.share = share;
        this.maxParked = maxParked;
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The share of {@code domain} now: the full share, halved per failure of its current streak. */
    int shareOf(String domain) {
        return Math.max(1, share >> Math.min(ranker.streak(domain), MAX_HALVINGS));
    }

    /** Takes a slot of {@code domain}'s share if one is free and nothing waits for it. */
    boolean tryAcquire(String domain) {
        synchronized (lock) {
            return takeFreeSlot(domain, lanes.computeIfAbsent(domain, key -> new Lane()));
        }
    }

    /** Waits for a slot of {@code domain}'s share, if its backlog has room. */
    Parking park(String domain, Parked entry) {
        synchronized (lock) {
            Lane lane = lanes.computeIfAbsent(domain, key -> new Lane());
            if (takeFreeSlot(domain, lane)) {
                return Parking.GRANTED;
            }
            if (closed || parked >= maxParked || lane.waiting.size() >= backlogOf(domain)) {
                forgetIfIdle(domain, lane);
                return Parking.FULL;
            }
            lane.waiting.add(entry);
            parked++;
            return Parking.PARKED;
        }
    }

    /** The most entries {@code domain}'s backlog holds now. */
    int backlogOf(String domain) {
        return ranker.streak(domain) == 0 ? maxParked : BACKLOG_FACTOR * shareOf(domain);
    }

    /**
     * Frees a slot of {@code domain}'s share; the entries first in its backlog take what is free
     * now, and what its backlog holds beyond its current bound is evicted.
     */
    void release(String domain) {
        List<Parked> resumed = new ArrayList<>();
        List<Parked> evicted = new ArrayList<>();
        synchronized (lock) {
            Lane lane = lanes.get(domain);
            if (lane == null) {
                return;
            }
            lane.inFlight--;
            int now = shareOf(domain);
            while (lane.inFlight < now && !lane.waiting.isEmpty()) {
                lane.inFlight++;
                parked--;
                resumed.add(lane.waiting.poll());
            }
            int bound = backlogOf(domain);
            while (lane.waiting.size() > bound) {
                parked--;
                evicted.add(lane.waiting.pollLast());
            }
            forgetIfIdle(domain, lane);
        }
        evicted.forEach(Parked::evict);
        for (Parked entry : resumed) {
            try {
                executor.execute(entry::resume);
            } catch (RejectedExecutionException e) {
                release(domain);
                entry.handBack();
            }
        }
    }

    /** POSTs to {@code domain} in flight now. */
    int inFlight(String domain) {
        synchronized (lock) {
            Lane lane = lanes.get(domain);
            return lane == null ? 0 : lane.inFlight;
        }
    }

    /** Entries waiting in all backlogs. */
    int parked() {
        synchronized (lock) {
            return parked;
        }
    }

    /**
     * Parks nothing more and hands back every entry waiting in a backlog. Plain loops, no lambda:
     * at an undeploy this may run after the WAR is gone, when a class not loaded yet (a lambda's,
     * or {@code Lane} when nothing was ever federated) can no longer be read.
     */
    void close() {
        List<Parked> waiting = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            Iterator<Lane> all = lanes.values().iterator();
            while (all.hasNext()) {
                Lane lane = all.next();
                waiting.addAll(lane.waiting);
                lane.waiting.clear();
                if (lane.inFlight == 0) {
                    all.remove();
                }
            }
            parked = 0;
        }
        for (Parked entry : waiting) {
            entry.handBack();
        }
    }

    // guarded by lock: a slot of the share if one is free and nothing waits for it
    private boolean takeFreeSlot(String domain, Lane lane) {
        if (lane.waiting.isEmpty() && lane.inFlight < shareOf(domain)) {
            lane.inFlight++;
            return true;
        }
        return false;
    }

    // guarded by lock
    private void forgetIfIdle(String domain, Lane lane) {
        if (lane.inFlight == 0 && lane.waiting.isEmpty()) {
            lanes.remove(domain);
        }
    }
}
