package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.federation.FederationEntry;
import dev.rmbee.redis.StreamIds;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;

class HeldEntriesTest {

    private final HeldEntries held = new HeldEntries(null);

    private FederationEntry take(long id) {
        StreamMessageId streamId = new StreamMessageId(id, 0);
        return held.handOut(
                        0, Map.of(streamId, Map.of(RedisFederationQueue.FIELD, new byte[] {1})), Map.of(streamId, 1L))
                .get(0);
    }

    @Test
    void countsTheEntriesWaitingForTheirRetryThroughEveryChange() {
        FederationEntry one = take(1);
        FederationEntry two = take(2);
        assertEquals(0, held.waitingCount());

        held.release(StreamIds.parse(one.id()), one, Duration.ZERO);
        held.release(StreamIds.parse(two.id()), two, Duration.ofHours(1));
        held.release(StreamIds.parse(two.id()), two, Duration.ofHours(2)); // again: still one entry
        assertEquals(2, held.waitingCount());

        long now = System.nanoTime();
        Map.Entry<StreamMessageId, HeldEntries.Held> due = held.due(0, now).get(0);
        assertEquals(StreamIds.parse(one.id()), due.getKey());
        HeldEntries.Held claiming = HeldEntries.Held.taken(0, 2);
        held.replace(due.getKey(), due.getValue(), claiming);
        assertEquals(1, held.waitingCount());

        held.remove(due.getKey(), claiming);
        held.remove(StreamIds.parse(two.id()));
        held.recovered(new StreamMessageId(3, 0), 0, 1, now);
        held.recovered(new StreamMessageId(3, 0), 0, 1, now); // already held: not counted twice
        assertEquals(1, held.waitingCount());
        take(3); // taken again: no longer waiting
        assertEquals(0, held.waitingCount());
    }

    @Test
    void withNothingWaitingNothingIsDueAndTheWaitIsTheLimit() {
        take(1);
        assertEquals(0, held.due(0, System.nanoTime()).size());
        assertEquals(5_000L, held.untilNextDue(0, System.nanoTime(), 5_000L));
    }
}
