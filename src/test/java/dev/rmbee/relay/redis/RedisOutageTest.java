package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.LogCapture;
import dev.rmbee.testing.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;

class RedisOutageTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T20:00:00Z"));
    private final RedisOutage outage = new RedisOutage(clock);

    @Test
    void anOutageIsOneLineWhenItBeginsAndOneWhenItEndsWhateverFailsMeanwhile() {
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.FINE)) {
            assertTrue(outage.failed("append to stream:2", new RedisConnectionException("connection refused")));
            for (int i = 0; i < 99; i++) {
                assertTrue(outage.failed("read of stream:2", new RedisResponseTimeoutException("no answer")));
            }
            assertTrue(outage.isDown());
            clock.advance(Duration.ofSeconds(42));
            outage.answered();
            outage.answered();

            assertFalse(outage.isDown());
            assertEquals(
                    List.of(
                            "redis error: Redis is unreachable (append to stream:2: connection refused); requests"
                                    + " that cannot be queued get an error envelope, deliveries wait until it answers",
                            "Redis answers again after 42 s; 100 commands of the session queues failed meanwhile"),
                    log.texts());
            assertEquals(Level.WARNING, log.lines().get(0).level());
            assertEquals(Level.INFO, log.lines().get(1).level());
        }
    }

    @Test
    void theNextOutageIsLoggedAgain() {
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.FINE)) {
            outage.failed("a", new RedisConnectionException("gone"));
            outage.answered();
            outage.failed("b", new RedisConnectionException("gone again"));

            assertEquals(3, log.texts().size(), log.texts().toString());
            assertTrue(
                    log.texts().get(2).contains("(b: gone again)"), log.texts().get(2));
        }
    }

    @Test
    void aTimeoutOfACommandSentBeforeRedisAnsweredAgainStartsNoNewOutage() {
        RedisOutage withTimeout = new RedisOutage(clock, Duration.ofSeconds(3));
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.FINE)) {
            withTimeout.failed("append", new RedisConnectionException("gone"));
            withTimeout.answered();
            clock.advance(Duration.ofMillis(2999));

            assertTrue(withTimeout.failed("read", new RedisResponseTimeoutException("sent during the outage")));
            assertFalse(withTimeout.isDown());
            clock.advance(Duration.ofMillis(1));
            withTimeout.failed("read", new RedisResponseTimeoutException("sent after it"));

            assertTrue(withTimeout.isDown());
            assertEquals(3, log.texts().size(), log.texts().toString());
            assertTrue(
                    log.texts().get(2).contains("(read: sent after it)"),
                    log.texts().get(2));
        }
    }

    @Test
    void anErrorReplyIsNoOutage() {
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.FINE)) {
            assertFalse(outage.failed("append", new RedisException("WRONGTYPE Operation against a key")));
            assertFalse(outage.isDown());
            assertEquals(List.of(), log.texts());
        }
    }

    @Test
    void theUnreachableCauseIsFoundInsideWrappers() {
        ConnectException refused = new ConnectException("Connection refused");
        Throwable wrapped = new CompletionException(new RedisException("Unexpected exception", refused));

        assertEquals(refused, RedisOutage.unreachableCause(wrapped).orElseThrow());
        assertTrue(outage.failed("read", wrapped));
    }
}
