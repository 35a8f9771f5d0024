package dev.rmbee.federation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Orders a twin's relays so that healthy ones are tried first (relay.md §8). Each failure of a
 * relay counts against it for one window; its rate is failures in the window per hour of window,
 * so ranks heal as failures age out. Ties come in random order: the list is shuffled, then
 * stably sorted by rate (a comparator answering ties at random, as the reference does, breaks
 * Java's sort). State is per process, in memory.
 *
 * <p>For operators it also remembers which relays it ordered or downvoted within the window (at
 * most {@value #MAX_SEEN}), so that {@link #ranks()} shows healthy relays beside failing ones.
 */
public final class RelayRanker {

    /** The reference's window, one hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    /** Most relays remembered for {@link #ranks()}. */
    public static final int MAX_SEEN = 4096;

    private final long windowMillis;
    private final double windowHours;
    private final Clock clock;
    private final ConcurrentMap<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
    // relay → when it was last ordered or downvoted
    private final ConcurrentMap<String, Long> seen = new ConcurrentHashMap<>();
    // relay → failures since its last answer (kept while it has failures in the window)
    private final ConcurrentMap<String, Integer> streaks = new ConcurrentHashMap<>();

    public RelayRanker(Duration window, Clock clock) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("ranker window must be at least 1 ms");
        }
        this.windowMillis = window.toMillis();
        this.windowHours = windowMillis / 3_600_000.0;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RelayRanker(Clock clock) {
        this(DEFAULT_WINDOW, clock);
    }

    /** Counts one failure of {@code domain}, now. */
    public void downvote(String domain) {
        long now = clock.millis();
        seen(domain, now);
        failures.compute(domain, (key, times) -> {
            ArrayDeque<Long> list = times == null ? new ArrayDeque<>() : times;
            prune(list, now);
            list.addLast(now);
            return list;
        });
        streaks.merge(domain, 1, Integer::sum);
    }

    /** {@code domain} answered (202 or a refusal for good): its failing streak ends. */
    public void answered(String domain) {
        streaks.remove(domain);
    }

    /**
     * Failures of {@code domain} since it last {@linkplain #answered answered} (within the window):
     * 0 for a relay that is not failing now. The federation gives a failing relay a smaller share.
     */
    public int streak(String domain) {
        return streaks.getOrDefault(domain, 0);
    }

    /** Failures of {@code domain} within the window, per hour of window; 0 for an unknown one. */
    public double rate(String domain) {
        return failures(domain) / windowHours;
    }

    private int failures(String domain) {
        long now = clock.millis();
        int[] count = new int[1];
        // computeIfPresent: drops the domain once all its failures are old
        failures.computeIfPresent(domain, (key, times) -> {
            prune(times, now);
            count[0] = times.size();
            if (times.isEmpty()) {
                streaks.remove(domain);
                return null;
            }
            return times;
        });
        return count[0];
    }

    /** The domains, lowest failure rate first, ties in random order. */
    public List<String> order(Collection<String> domains) {
        List<String> ordered = new ArrayList<>(domains);
        long now = clock.millis();
        ordered.forEach(domain -> seen(domain, now));
        Collections.shuffle(ordered, ThreadLocalRandom.current());
        // rates read once: the sort's comparator must not change its mind while the clock moves
        Map<String, Double> rates = new HashMap<>();
        for (String domain : ordered) {
            rates.put(domain, rate(domain));
        }
        ordered.sort(Comparator.comparingDouble(rates::get)); // List.sort is stable
        return ordered;
    }

    /**
     * The relays ordered or downvoted within the window, lowest failure rate first (then by
     * name), each with its rank: 1 for the relays tried first, equal rates sharing a rank.
     */
    public List<RelayRank> ranks() {
        long now = clock.millis();
        seen.values().removeIf(at -> now - at >= windowMillis);
        List<RelayRank> ranks = new ArrayList<>();
        for (String relay : seen.keySet()) {
            int count = failures(relay);
            ranks.add(new RelayRank(relay, count, count / windowHours, 0));
        }
        ranks.sort(Comparator.comparingDouble(RelayRank::failureRate).thenComparing(RelayRank::relay));
        List<RelayRank> ranked = new ArrayList<>(ranks.size());
        for (int i = 0; i < ranks.size(); i++) {
            RelayRank relay = ranks.get(i);
            boolean tie = i > 0 && ranks.get(i - 1).failureRate() == relay.failureRate();
            int rank = tie ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new RelayRank(relay.relay(), relay.failures(), relay.failureRate(), rank));
        }
        return ranked;
    }

    /** Remembers that {@code domain} was met; beyond {@value #MAX_SEEN} relays the ones not met within the window go first. */
    private void seen(String domain, long now) {
        if (seen.size() >= MAX_SEEN && !seen.containsKey(domain)) {
            seen.values().removeIf(at -> now - at >= windowMillis);
            if (seen.size() >= MAX_SEEN) {
                return;
            }
        }
        seen.put(domain, now);
    }

    private void prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
            times.pollFirst();
        }
    }
}
