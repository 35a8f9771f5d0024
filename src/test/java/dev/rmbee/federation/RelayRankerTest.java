package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayRankerTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), clock);

    @Test
    void downvotedRelayComesLast() {
        ranker.downvote("relay2");

        for (int i = 0; i < 50; i++) {
            List<String> order = ranker.order(List.of("relay1", "relay2", "relay3"));
            assertEquals("relay2", order.get(2), order.toString());
            assertEquals(Set.of("relay1", "relay3"), Set.copyOf(order.subList(0, 2)));
        }
    }

    @Test
    void relaysAreOrderedByFailureRate() {
        for (int i = 0; i < 3; i++) {
            ranker.downvote("relay1");
        }
        ranker.downvote("relay2");
        ranker.downvote("relay3");
        ranker.downvote("relay3");

        assertEquals(
                List.of("relay4", "relay2", "relay3", "relay1"),
                ranker.order(List.of("relay1", "relay2", "relay3", "relay4")));
        assertEquals(3.0, ranker.rate("relay1"));
        assertEquals(0.0, ranker.rate("never.downvoted"));
    }

    @Test
    void ranksHealAsFailuresLeaveTheWindow() {
        ranker.downvote("relay1");
        clock.advance(Duration.ofMinutes(40));
        ranker.downvote("relay1");
        ranker.downvote("relay2");
        assertEquals(2.0, ranker.rate("relay1"));
        assertEquals(List.of("relay3", "relay2", "relay1"), ranker.order(List.of("relay1", "relay2", "relay3")));

        clock.advance(Duration.ofMinutes(20)); // the first failure is an hour old
        assertEquals(1.0, ranker.rate("relay1"));

        clock.advance(Duration.ofMinutes(40)); // all gone
        assertEquals(0.0, ranker.rate("relay1"));
        assertEquals(0.0, ranker.rate("relay2"));
    }

    @Test
    void rateIsFailuresPerHourOfWindow() {
        RelayRanker halfHour = new RelayRanker(Duration.ofMinutes(30), clock);
        halfHour.downvote("relay1");

        assertEquals(2.0, halfHour.rate("relay1"));
        assertThrows(IllegalArgumentException.class, () -> new RelayRanker(Duration.ZERO, clock));
    }

    @Test
    void tiesComeInRandomOrder() {
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            firsts.add(ranker.order(List.of("a", "b", "c")).get(0));
        }
        assertEquals(Set.of("a", "b", "c"), firsts);
    }

    @Test
    void sortingThousandsOfTiesKeepsTheComparatorContract() {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            domains.add("relay" + i + ".example");
            if (i % 3 == 0) {
                ranker.downvote("relay" + i + ".example"); // two rates, thousands of ties each
            }
        }
        for (int round = 0; round < 20; round++) {
            List<String> order = ranker.order(domains); // a random tie comparator would throw here

            assertEquals(Set.copyOf(domains), Set.copyOf(order));
            for (int i = 1; i < order.size(); i++) {
                assertTrue(ranker.rate(order.get(i - 1)) <= ranker.rate(order.get(i)), "sorted by rate");
            }
        }
    }

    @Test
    void ranksShowTheRelaysMetWithinTheWindowBestFirstEqualRatesSharingARank() {
        ranker.order(List.of("healthy.b", "healthy.a"));
        ranker.downvote("flaky");
        ranker.downvote("down");
        ranker.downvote("down");
        ranker.order(List.of("flaky.too"));
        ranker.downvote("flaky.too");

        assertEquals(
                List.of(
                        new RelayRank("healthy.a", 0, 0.0, 1),
                        new RelayRank("healthy.b", 0, 0.0, 1),
                        new RelayRank("flaky", 1, 1.0, 3),
                        new RelayRank("flaky.too", 1, 1.0, 3),
                        new RelayRank("down", 2, 2.0, 5)),
                ranker.ranks());

        clock.advance(Duration.ofMinutes(61));
        assertEquals(List.of(), ranker.ranks(), "relays not met within the window are forgotten");
    }
}
