package dev.rmbee.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way tests wait for something to happen: poll a condition until it holds, and fail with
 * the name of what was awaited (and the last value seen) when it does not within the timeout. A
 * timeout here is a bound on a hang, never a claim about speed: make it generous (a loaded 2-core
 * machine is slow), and never use a wait to show that something did <em>not</em> happen.
 */
public final class Await {

    /** The timeout of {@link #until(String, Condition)}: long enough for a loaded CI machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {}

    /** A condition that may throw (a Redis command, a socket read). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value that may not be there yet: empty until it is; may throw. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> poll() throws Exception;
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code condition} holds. */
    public static void until(String what, Condition condition) {
        until(what, condition, DEFAULT_TIMEOUT);
    }

    /** Waits up to {@code timeout} until {@code condition} holds; fails naming {@code what}. */
    public static void until(String what, Condition condition, Duration timeout) {
        value(what, () -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout);
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} for {@code probe} to give a value, and returns it. */
    public static <T> T value(String what, Probe<T> probe) {
        return value(what, probe, DEFAULT_TIMEOUT);
    }

    /** Waits up to {@code timeout} for {@code probe} to give a value, and returns it. */
    public static <T> T value(String what, Probe<T> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                Optional<T> value = probe.poll();
                if (value.isPresent()) {
                    return value.get();
                }
                lastFailure = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what, lastFailure);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}
