package dev.rmbee.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.wire.EnvelopeTags;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the relay does with one binary frame from an authenticated session (relay.md §5–6), in the
 * reference's order: parse, rate limit, source check, Ping → Pong, then route: to a session
 * connected here, to the queue of a twin this relay serves (also while it is offline), or to the
 * relays of a foreign twin. Failures of requests are answered with the relay's error envelope. A
 * destination the registry has to look up remotely holds back its sender's later envelopes (so they
 * keep their order), never another sender's.
 */
public final class EnvelopeRouter {

    private static final Logger LOG = Logger.getLogger(EnvelopeRouter.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** Pongs dropped for a twin that does not read: one line a minute, with a count. */
    private static final LogThrottle PONGS_DROPPED = LogThrottle.perInterval();

    private final SessionRegistry sessions;
    private final SessionQueues queues;
    private final SessionDelivery delivery;
    private final TwinRegistry registry;
    private final Set<String> domains;
    private final RateLimiter limiter;
    private final ForeignEnvelopes foreign;
    private final Clock clock;
    private final RelayCounters counters;
    private final SenderOrder order = new SenderOrder();
    private final LogThrottle fullReplies = LogThrottle.perInterval();
    private final ExpiredRequests expired;

    public EnvelopeRouter(
            SessionRegistry sessions,
            SessionQueues queues,
            SessionDelivery delivery,
            TwinRegistry registry,
            Set<String> domains,
            RateLimiter limiter,
            ForeignEnvelopes foreign,
            Clock clock) {
        this(sessions, queues, delivery, registry, domains, limiter, foreign, clock, new RelayCounters());
    }

    /** @param counters counts the refused envelopes, by reason */
    public EnvelopeRouter(
            SessionRegistry sessions,
            SessionQueues queues,
            SessionDelivery delivery,
            TwinRegistry registry,
            Set<String> domains,
            RateLimiter limiter,
            ForeignEnvelopes foreign,
            Clock clock,
            RelayCounters counters) {
        this.sessions = sessions;
        this.queues = queues;
        this.delivery = delivery;
        this.registry = registry;
        this.domains = Set.copyOf(domains);
        this.limiter = limiter;
        this.foreign = foreign;
        this.clock = clock;
        this.counters = counters;
        this.expired = new ExpiredRequests(queues, delivery::wake, clock, counters);
    }

    /**
     * Processes one frame received on {@code from}.
     *
     * @throws InvalidProtocolBufferException when the frame is not an Envelope (the caller closes the session)
     */
    public void process(Connection from, byte[] frame) throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.parseFrom(frame);
        SessionKey session = from.session();
        if (!limiter.admit(session.twin(), frame.length)) {
            reply(from, envelope, ErrorReason.RATE_LIMITED, "exceeded rate limits, dropping message");
            return;
        }
        if (!envelope.hasSource() || !session.matches(envelope.getSource())) {
            reply(from, envelope, ErrorReason.WRONG_SOURCE, "message wrong source");
            return;
        }
        if (envelope.getMessageCase() == Envelope.MessageCase.PING) {
            // answered on the connection itself: a pong only matters while the pinging socket lives.
            // Dropped when too much waits to be written to it: a twin that pings and never reads
            // must not make the relay hold its answers (it is only a liveness answer)
            if (!from.offer(RelayEnvelopes.pong(envelope).toByteArray())) {
                PONGS_DROPPED.log(
                        "pong",
                        LOG,
                        Level.INFO,
                        fields(from, envelope),
                        () -> "dropping a pong: the twin is not reading");
            }
            return;
        }
        if (!envelope.hasDestination() || envelope.getDestination().getTwin() == 0) {
            reply(from, envelope, ErrorReason.MISSING_DESTINATION, "message with missing destination");
            return;
        }
        if (EnvelopeDeadlines.isExpired(frame, clock.instant().getEpochSecond())) {
            expired.report(frame); // not routed: its sender (this session) learns it at once
            return;
        }
        order.submit(from, () -> route(from, envelope, frame));
    }

    /**
     * Routes a request or response: to a connected session at once, else by what the registry says
     * of the destination twin; a lookup that has to wait completes the returned stage later.
     */
    private CompletableFuture<Void> route(Connection from, Envelope envelope, byte[] frame) {
        SessionKey destination = SessionKey.of(envelope.getDestination());
        if (sessions.isConnected(destination)) {
            enqueue(from, envelope, destination, frame);
            return DONE;
        }
        return registry.lookup(destination.twin()).handle((twin, failure) -> {
            if (failure != null) {
                reply(
                        from,
                        envelope,
                        ErrorReason.REGISTRY_UNAVAILABLE,
                        "twin registry unavailable: " + AsyncResults.describe(AsyncResults.unwrap(failure)));
            } else {
                routeTo(from, envelope, destination, frame, twin);
            }
            return null;
        });
    }

    private void routeTo(
            Connection from, Envelope envelope, SessionKey destination, byte[] frame, Optional<Twin> twin) {
        if (twin.isEmpty()) {
            reply(from, envelope, ErrorReason.UNKNOWN_TWIN, "unknown twin destination");
            return;
        }
        if (twin.get().relays().isEmpty()) {
            reply(from, envelope, ErrorReason.NO_RELAY, "relay info is not set for this twin");
            return;
        }
        if (!twin.get().isServedBy(domains)) {
            foreign.forward(envelope, frame, twin.get())
                    .whenComplete(
                            (ok, failure) -> failed(from, envelope, failure, ErrorReason.FEDERATION_QUEUE_FAILED, ""));
            return;
        }
        if (EnvelopeTags.isFailFast(envelope)) {
            reply(from, envelope, ErrorReason.DESTINATION_OFFLINE, "destination offline");
            return;
        }
        enqueue(from, envelope, destination, frame);
    }

    private void enqueue(Connection from, Envelope envelope, SessionKey destination, byte[] frame) {
        append(destination, frame)
                .whenComplete((ok, failure) -> failed(
                        from,
                        envelope,
                        failure,
                        ErrorReason.QUEUE_FAILED,
                        "failed to route message to peer '" + destination + "': "));
    }

    /**
     * Appends to a session's queue. Its connection here is woken by the queues' listener (at once,
     * without a Redis round trip, when it is held here): a second wake-up here would cost an empty
     * read per envelope.
     */
    private CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        return queues.append(session, envelope);
    }

    private void failed(Connection from, Envelope envelope, Throwable failure, ErrorReason reason, String prefix) {
        if (failure == null) {
            return;
        }
        Throwable cause = AsyncResults.unwrap(failure);
        if (cause instanceof QueueFullException full) {
            reply(from, envelope, ErrorReason.QUEUE_FULL, full.getMessage());
        } else if (cause instanceof QueueUnavailableException) {
            // the sender's own queue is in the same unreachable Redis: the reply goes straight to its connection
            replyDirectly(from, envelope, reason, prefix + AsyncResults.describe(cause));
        } else {
            reply(from, envelope, reason, prefix + AsyncResults.describe(cause));
        }
    }

    /**
     * Sends the relay's error reply for a request through the sender's own queue; failures of
     * responses, errors and pings are only logged (the reference does the same). Either is counted.
     */
    private void reply(Connection from, Envelope envelope, ErrorReason why, String reason) {
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST) {
            counters.dropped(why);
            fields(from, envelope)
                    .log(LOG, Level.FINE, () -> "dropping a " + envelope.getMessageCase() + " envelope: " + reason);
            return;
        }
        fields(from, envelope).log(LOG, Level.FINE, () -> "refusing a request: " + reason);
        counters.errorEnvelope(why);
        long now = clock.instant().getEpochSecond();
        byte[] error = RelayEnvelopes.error(envelope.getUid(), from.session(), reason, now)
                .toByteArray();
        append(from.session(), error).whenComplete((ok, failure) -> {
            if (failure != null) {
                unqueuedReply(from, envelope, error, AsyncResults.unwrap(failure));
            }
        });
    }

    /**
     * The error reply to a request, written to the sender's connection without going through its
     * queue, when the queues cannot take it (their backend is away): delivered if that connection
     * lives and reads, not kept for a later one. A request's sender waits for the reply, so it
     * should learn of the failure now rather than find its queue later. Other envelopes only count.
     */
    private void replyDirectly(Connection from, Envelope envelope, ErrorReason why, String reason) {
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST) {
            reply(from, envelope, why, reason); // only counted and logged at FINE
            return;
        }
        fields(from, envelope).log(LOG, Level.FINE, () -> "refusing a request: " + reason);
        counters.errorEnvelope(why);
        long now = clock.instant().getEpochSecond();
        offerDirectly(
                from,
                envelope,
                RelayEnvelopes.error(envelope.getUid(), from.session(), reason, now)
                        .toByteArray());
    }

    /** Writes an error reply straight to the sender's connection; dropped (a throttled line) when it is not reading. */
    private void offerDirectly(Connection from, Envelope envelope, byte[] error) {
        if (!from.offer(error)) {
            fullReplies
                    .occurred("unread")
                    .ifPresent(repeats -> fields(from, envelope)
                            .log(
                                    LOG,
                                    Level.INFO,
                                    () -> "dropping an error reply: the twin is not reading" + repeats.suffix()));
        }
    }

    /**
     * An error reply that did not fit (its twin's queue is full too) is a throttled line; one the
     * queues' backend could not take goes straight to the connection; other failures a warning.
     */
    private void unqueuedReply(Connection from, Envelope envelope, byte[] error, Throwable cause) {
        if (cause instanceof QueueUnavailableException) {
            offerDirectly(from, envelope, error);
            return;
        }
        if (!(cause instanceof QueueFullException)) {
            fields(from, envelope).log(LOG, Level.WARNING, () -> "could not queue an error reply", cause);
            return;
        }
        fullReplies
                .occurred("queue full")
                .ifPresent(repeats -> fields(from, envelope)
                        .log(
                                LOG,
                                Level.INFO,
                                () -> "could not queue an error reply: " + cause.getMessage() + repeats.suffix()));
    }

    /** The fields of a line about an envelope from a connection: sender's twin and session, the uid. */
    private static LogFields fields(Connection from, Envelope envelope) {
        return LogFields.twin(from.session().twin()).andSession(from.session()).andUid(envelope.getUid());
    }
}
