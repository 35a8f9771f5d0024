package dev.rmbee.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure that repeats — at a rate someone else controls, or in a retry loop — logged once per
 * interval with a count instead of once per occurrence. Failures are told apart by a key (a relay's
 * domain, a node's URL, a kind of refusal): the first occurrence of a key is logged at once; later
 * ones within the interval are only counted; the first one after the interval is logged with the
 * count since the last line. {@link #resolved} ends a run of failures (a link up again) and returns
 * what was not yet reported. At most {@value #MAX_KEYS} keys are remembered (the least recently
 * seen is forgotten first), so keys taken from the network cannot grow it without bound.
 */
public final class LogThrottle {

    /** The interval of the relay's throttled lines. */
    public static final Duration INTERVAL = Duration.ofSeconds(60);

    static final int MAX_KEYS = 1024;

    /** What one logged line stands for: {@code count} occurrences, the first of them at {@code since}. */
    public record Repeats(long count, Instant since) {

        /** Nothing for a single occurrence, else {@code " (N times since <instant>)"}. */
        public String suffix() {
            return count <= 1 ? "" : " (" + count + " times since " + since + ")";
        }
    }

    private static final class Run {
        Instant reported;
        long unreported;
        Instant firstUnreported;

        Run(Instant reported) {
            this.reported = reported;
        }
    }

    private final Clock clock;
    private final Duration interval;
    private final Map<String, Run> runs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LogThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** A throttle on the system clock with the relay's {@link #INTERVAL}. */
    public static LogThrottle perInterval() {
        return new LogThrottle(Clock.systemUTC(), INTERVAL);
    }

    /**
     * One occurrence of {@code key}: what to report when it is to be logged now (this occurrence and
     * those counted since the last line), empty when it is only counted.
     */
    public synchronized Optional<Repeats> occurred(String key) {
        Instant now = clock.instant();
        Run run = runs.get(key);
        if (run == null) {
            runs.put(key, new Run(now));
            return Optional.of(new Repeats(1, now));
        }
        if (run.unreported == 0) {
            run.firstUnreported = now;
        }
        run.unreported++;
        if (now.isBefore(run.reported.plus(interval))) {
            return Optional.empty();
        }
        Repeats repeats = new Repeats(run.unreported, run.firstUnreported);
        run.reported = now;
        run.unreported = 0;
        return Optional.of(repeats);
    }

    /** The failures of {@code key} ended: the occurrences not yet reported (if any); the key is forgotten. */
    public synchronized Optional<Repeats> resolved(String key) {
        Run run = runs.remove(key);
        return run == null || run.unreported == 0
                ? Optional.empty()
                : Optional.of(new Repeats(run.unreported, run.firstUnreported));
    }

    /**
     * Logs {@code message} (with the count, see {@link Repeats#suffix()}) when this occurrence of
     * {@code key} is to be reported; otherwise only counts it.
     */
    public void log(String key, Logger logger, Level level, LogFields fields, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        occurred(key).ifPresent(repeats -> fields.log(logger, level, () -> message.get() + repeats.suffix()));
    }
}
