package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** One authenticated twin connection, as the relay core sees it (the socket stays in the container layer). */
public interface Connection {

    SessionKey session();

    /**
     * Queues one envelope for sending and never blocks the caller. {@code done} is called once,
     * with {@code null} after the envelope was written to the socket, or with the failure.
     */
    void send(byte[] envelope, Consumer<Throwable> done);

    /** Sends without caring about the outcome (replies the relay does not track). */
    default void send(byte[] envelope) {
        send(envelope, failure -> {});
    }

    /**
     * Queues a reply the relay does not track (a Pong) if the connection has room for it, and never
     * blocks the caller.
     *
     * @return false when it was refused (dropped) because too much waits to be written already
     */
    default boolean offer(byte[] reply) {
        send(reply);
        return true;
    }

    /** When the connection was opened (for operators); empty when not known. */
    default Optional<Instant> connectedSince() {
        return Optional.empty();
    }

    /**
     * The address the twin connected from, as the server saw it (a proxy's, behind one), for
     * operators; empty when not known.
     */
    default Optional<String> remoteAddress() {
        return Optional.empty();
    }

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);

    /**
     * True when the connection has waited longer than {@code timeoutNanos} for the twin's answer
     * to a ping it wrote; the relay then closes it. A connection that never pings is never overdue.
     */
    default boolean isPongOverdue(long nowNanos, long timeoutNanos) {
        return false;
    }

    /**
     * What the liveness sweep is to do about the twin's silence at {@code nowNanos} (see {@link
     * Silence#check}); a connection that does not track it is never silent.
     */
    default Silence.Verdict silence(long nowNanos, long probeAfterNanos, long closeAfterNanos) {
        return Silence.Verdict.NONE;
    }

    /** Pings the twin to hear from it (its pong counts as hearing from it); may block on a slow socket. */
    default void probe() {}
}
