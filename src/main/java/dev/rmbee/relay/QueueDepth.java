package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.time.Instant;
import java.util.Comparator;

/**
 * How much waits in one session's queue, for operators (the admin API); not used on the delivery
 * path.
 *
 * @param session the queue's session
 * @param messages the entries in the queue
 * @param oldest when its oldest entry was appended; {@code null} when the queue is empty
 */
public record QueueDepth(SessionKey session, long messages, Instant oldest) {

    /** By session ({@link SessionKey#ORDER}). */
    public static final Comparator<QueueDepth> BY_SESSION = Comparator.comparing(QueueDepth::session, SessionKey.ORDER);

    /** A session without queued messages. */
    public static QueueDepth empty(SessionKey session) {
        return new QueueDepth(session, 0, null);
    }
}
