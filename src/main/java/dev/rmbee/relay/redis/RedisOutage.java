package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;

/**
 * Whether the session queues' Redis answers, as their commands find out: the first command that
 * finds it unreachable logs one warning, the first one answered after that logs one line that it
 * is back (with how long and how many commands failed meanwhile); the failures in between are not
 * logged at all, so an outage is two lines, not a stack trace per session per second. A Redis
 * error reply (a wrong type, a script error) is no outage: its caller logs it.
 */
final class RedisOutage {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private final Clock clock;
    private final Duration commandTimeout;
    private final AtomicLong failures = new AtomicLong();
    // guarded by this
    private Instant since;
    private Instant answeredAgain = Instant.MIN;
    private volatile boolean down;

    RedisOutage(Clock clock) {
        this(clock, Duration.ZERO);
    }

    /**
     * @param commandTimeout how long a command waits for Redis: a command that times out less than
     *     this after Redis answered again was sent before, during the outage that ended, and starts
     *     no new one (with two clients, one may be back before the other's late timeouts come in)
     */
    RedisOutage(Clock clock, Duration commandTimeout) {
        this.clock = clock;
        this.commandTimeout = commandTimeout;
    }

    /** True while the last command that ended found Redis unreachable. */
    boolean isDown() {
        return down;
    }

    /**
     * A command doing {@code what} failed: when Redis did not answer (see {@link #isUnreachable}),
     * counts it, logging the outage's first one; returns whether it was such a failure.
     */
    boolean failed(String what, Throwable error) {
        Optional<Throwable> unreachable = unreachableCause(AsyncResults.unwrap(error));
        if (unreachable.isEmpty()) {
            return false;
        }
        Throwable cause = unreachable.get();
        boolean first;
        synchronized (this) {
            if (!down && isTimeout(cause) && clock.instant().isBefore(answeredAgain.plus(commandTimeout))) {
                return true; // sent during the outage that just ended
            }
            failures.incrementAndGet();
            first = !down;
            if (first) {
                down = true;
                since = clock.instant();
            }
        }
        if (first) {
            LOG.warning(() -> "redis error: Redis is unreachable (" + what + ": " + AsyncResults.describe(cause)
                    + "); requests that cannot be queued get an error envelope, deliveries wait until it answers");
        }
        return true;
    }

    /** A command was answered: ends an outage, logging how long it lasted. Costs a volatile read otherwise. */
    void answered() {
        if (!down) {
            return;
        }
        Instant began;
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            began = since;
            answeredAgain = clock.instant();
        }
        long failed = failures.getAndSet(0);
        Duration lasted = Duration.between(began, clock.instant());
        LOG.log(
                Level.INFO,
                () -> "Redis answers again after " + lasted.toSeconds() + " s; " + failed
                        + " commands of the session queues failed meanwhile");
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof RedisTimeoutException || cause instanceof TimeoutException;
    }

    /**
     * What of a failure (it, or one of its causes) says that Redis did not answer (not an error
     * reply); empty for other failures.
     */
    static Optional<Throwable> unreachableCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisConnectionException
                    || cause instanceof RedisTimeoutException
                    || cause instanceof RedisReconnectedException
                    || cause instanceof RedisNodeNotFoundException
                    || cause instanceof RedisRetryException
                    || cause instanceof IOException
                    || cause instanceof TimeoutException) {
                return Optional.of(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
