package dev.rmbee.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens to an envelope whose TTL ran out before it could be delivered, found when a twin
 * sends it or when it is read from a queue: it is not delivered (the reference delivers it and lets
 * the receiving peer answer 102), and when it is a request its sender learns it at once: the relay's error envelope {@link RelayEnvelopes#expired}
 * goes into the queue of the request's source session, like the relay's other error replies.
 * Responses, errors and pings are only counted as dropped.
 */
final class ExpiredRequests {

    private static final Logger LOG = Logger.getLogger(ExpiredRequests.class.getName());
    /** A queue that does not take the error (Redis away) fails for every expired request: once a minute. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private final SessionQueues queues;
    private final Consumer<SessionKey> wake;
    private final Clock clock;
    private final RelayCounters counters;

    /** @param wake tells a session connected here that its queue has a new message */
    ExpiredRequests(SessionQueues queues, Consumer<SessionKey> wake, Clock clock, RelayCounters counters) {
        this.queues = queues;
        this.wake = wake;
        this.clock = clock;
        this.counters = counters;
    }

    /** Answers the sender of an expired envelope, if it is a request with a source. */
    void report(byte[] expired) {
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(expired);
        } catch (InvalidProtocolBufferException e) {
            counters.dropped(ErrorReason.EXPIRED);
            return;
        }
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST
                || !envelope.hasSource()
                || envelope.getSource().getTwin() == 0) {
            counters.dropped(ErrorReason.EXPIRED);
            LOG.fine(() -> "dropping an expired " + envelope.getMessageCase() + " " + envelope.getUid());
            return;
        }
        SessionKey requester = SessionKey.of(envelope.getSource());
        LogFields fields =
                LogFields.twin(requester.twin()).andSession(requester).andUid(envelope.getUid());
        fields.log(LOG, Level.FINE, () -> "a request expired before it could be delivered");
        counters.errorEnvelope(ErrorReason.EXPIRED);
        byte[] error = RelayEnvelopes.expired(
                        envelope.getUid(), requester, clock.instant().getEpochSecond())
                .toByteArray();
        queues.append(requester, error).whenComplete((ok, failure) -> {
            if (failure == null) {
                wake.accept(requester);
            } else {
                FAILURES.log(
                        "append",
                        LOG,
                        Level.WARNING,
                        fields,
                        () -> "could not queue the error reply to an expired request: "
                                + AsyncResults.describe(AsyncResults.unwrap(failure)));
            }
        });
    }
}
