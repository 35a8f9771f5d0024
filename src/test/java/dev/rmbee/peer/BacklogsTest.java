package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.MutableClock;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BacklogsTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_800_000_000L));

    private static Backlog backlog(String uid, long ttl) {
        return Backlog.newBuilder()
                .setUid(uid)
                .setReplyTo("ret-" + uid)
                .setTtl(ttl)
                .build();
    }

    @Test
    void aBacklogIsFoundUntilItsTtlRanOut() {
        Backlogs backlogs = new Backlogs(10, clock);
        assertEquals(Optional.empty(), backlogs.find("u-1"));
        backlogs.keep(backlog("u-1", 60));
        assertEquals(Optional.of(backlog("u-1", 60)), backlogs.find("u-1"));
        assertEquals(Optional.of(backlog("u-1", 60)), backlogs.find("u-1"), "every destination answers with the uid");
        clock.advance(Duration.ofSeconds(59));
        assertEquals("ret-u-1", backlogs.find("u-1").orElseThrow().getReplyTo());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), backlogs.find("u-1"));
        assertEquals(0, backlogs.size(), "and forgotten");
    }

    @Test
    void beyondTheCapacityTheOldestIsForgotten() {
        Backlogs backlogs = new Backlogs(2, clock);
        backlogs.keep(backlog("u-1", 60));
        backlogs.keep(backlog("u-2", 60));
        backlogs.keep(backlog("u-3", 60));
        assertEquals(2, backlogs.size());
        assertEquals(Optional.empty(), backlogs.find("u-1"), "read from Redis instead");
        assertEquals("u-2", backlogs.find("u-2").orElseThrow().getUid());
        assertEquals("u-3", backlogs.find("u-3").orElseThrow().getUid());
        assertThrows(IllegalArgumentException.class, () -> new Backlogs(0, clock));
    }
}
