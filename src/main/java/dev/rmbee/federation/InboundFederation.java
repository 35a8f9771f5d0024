package dev.rmbee.federation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.EnvelopeTags;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the relay does with an envelope another relay POSTs to it (relay.md §7.6): parse, then queue
 * it for its destination session. The reference accepts anything from anyone; here a remote address
 * gets a bounded number of POSTs per interval ({@link #admit}), an expired envelope is refused (400),
 * an envelope taken before is accepted again without being queued twice ({@link ReplayGuard}), and
 * with verification on (the default) an envelope is taken only when its destination twin is served
 * by this relay and, for requests, responses and errors, when it carries a valid signature of its
 * source twin. What the sending relay should try again later (too many POSTs, a source twin not
 * found yet, the registry away) is answered 503: it takes any 4xx as final (relay.md §7.4).
 */
public final class InboundFederation {

    private static final Logger LOG = Logger.getLogger(InboundFederation.class.getName());
    /** Remote addresses over their bound: once a minute, with a count. */
    private static final LogThrottle THROTTLED = LogThrottle.perInterval();

    /** The HTTP answer to a federation POST. */
    public record Outcome(int status, String message) {
        static Outcome accepted() {
            return new Outcome(202, "");
        }
    }

    private final SessionRegistry sessions;
    private final SessionQueues queues;
    private final SessionDelivery delivery;
    private final TwinRegistry registry;
    private final Set<String> domains;
    private final boolean verify;
    private final Clock clock;
    private final AddressBuckets buckets;
    private final Duration replayMaxTtl;
    private final ReplayGuard replays;
    private final LogThrottle queueFailures = LogThrottle.perInterval();

    /** With the default limits, the system clock and an in-memory replay memory. */
    public InboundFederation(
            SessionRegistry sessions,
            SessionQueues queues,
            SessionDelivery delivery,
            TwinRegistry registry,
            Set<String> domains,
            boolean verify) {
        this(
                sessions,
                queues,
                delivery,
                registry,
                domains,
                verify,
                Clock.systemUTC(),
                IngressLimits.DEFAULTS,
                new MemoryReplayGuard(Clock.systemUTC(), IngressLimits.DEFAULT_REPLAY_CAPACITY));
    }

    /**
     * @param clock checks TTLs and refills the remote addresses' buckets
     * @param replays where envelopes taken are remembered (shared by the instances of one relay)
     */
    public InboundFederation(
            SessionRegistry sessions,
            SessionQueues queues,
            SessionDelivery delivery,
            TwinRegistry registry,
            Set<String> domains,
            boolean verify,
            Clock clock,
            IngressLimits limits,
            ReplayGuard replays) {
        this.sessions = sessions;
        this.queues = queues;
        this.delivery = delivery;
        this.registry = registry;
        this.domains = Set.copyOf(domains);
        this.verify = verify;
        this.clock = clock;
        this.buckets = new AddressBuckets(clock, limits.ratePerSecond(), limits.burst());
        this.replayMaxTtl = limits.replayMaxTtl();
        this.replays = replays;
    }

    /**
     * Called before the body of a POST from {@code remoteAddress} is read: empty when it may go on,
     * else the answer (503, to be retried later) because that address used up its share.
     */
    public Optional<Outcome> admit(String remoteAddress) {
        if (buckets.take(remoteAddress)) {
            return Optional.empty();
        }
        THROTTLED.log(
                "throttled",
                LOG,
                Level.INFO,
                LogFields.none().and("remote", remoteAddress),
                () -> "federation ingress: too many POSTs from one address, answered 503");
        return Optional.of(new Outcome(503, "too many requests from this address, retry later"));
    }

    /** Checks and queues one envelope posted by a remote relay. */
    public CompletionStage<Outcome> accept(byte[] body) {
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            return refuse(400, "bad request: " + e.getMessage());
        }
        if (!envelope.hasDestination() || envelope.getDestination().getTwin() == 0) {
            return refuse(400, "bad request: message with missing destination");
        }
        long ttl =
                EnvelopeTime.ttl(clock.instant().getEpochSecond(), envelope.getTimestamp(), envelope.getExpiration());
        if (ttl == 0) {
            return refuse(400, "bad request: message has expired");
        }
        SessionKey destination = SessionKey.of(envelope.getDestination());
        if (verify) {
            Optional<Outcome> refusal = check(envelope, destination);
            if (refusal.isPresent()) {
                return refuse(refusal.get().status(), refusal.get().message());
            }
        }
        if (EnvelopeTags.isFailFast(envelope) && !sessions.isConnected(destination)) {
            return refuse(404, "destination offline");
        }
        return queueOnce(envelope, destination, body, ttl);
    }

    /** Queues the envelope unless it was taken before (then it is accepted again, and not queued). */
    private CompletionStage<Outcome> queueOnce(Envelope envelope, SessionKey destination, byte[] body, long ttl) {
        ReplayKey key = ReplayKey.of(envelope);
        long maxSeconds = replayMaxTtl.toSeconds();
        Duration remember = Duration.ofSeconds(Long.compareUnsigned(ttl, maxSeconds) > 0 ? maxSeconds : ttl);
        return AsyncResults.call(() -> replays.firstTime(key, remember))
                .thenCompose(first -> {
                    if (!first) {
                        LOG.fine(() -> "federation ingress: " + key.hex() + " was taken before: accepted, not queued");
                        return CompletableFuture.completedFuture(Outcome.accepted());
                    }
                    return queue(destination, body)
                            .thenCompose(outcome -> outcome.status() == 202
                                    ? CompletableFuture.completedFuture(outcome)
                                    : AsyncResults.call(() -> replays.forget(key))
                                            .handle((ok, failure) -> outcome));
                })
                .exceptionally(failure -> failed(destination, failure));
    }

    private CompletionStage<Outcome> queue(SessionKey destination, byte[] body) {
        return AsyncResults.call(() -> queues.append(destination, body))
                .thenApply(ok -> {
                    delivery.wake(destination);
                    return Outcome.accepted();
                })
                .exceptionally(failure -> failed(destination, failure));
    }

    private Outcome failed(SessionKey destination, Throwable failure) {
        Throwable cause = AsyncResults.unwrap(failure);
        if (cause instanceof QueueFullException) {
            // a remote relay can cause this at will: a throttled line, and 503 so that it retries later
            queueFailures
                    .occurred("queue full")
                    .ifPresent(repeats -> LOG.info(() -> "federation ingress: not queued for " + destination + ": "
                            + cause.getMessage() + repeats.suffix()));
            return new Outcome(503, cause.getMessage());
        }
        queueFailures
                .occurred("queue failed")
                .ifPresent(repeats -> LOG.log(
                        Level.WARNING,
                        "could not queue a federated envelope for " + destination + repeats.suffix(),
                        cause));
        return new Outcome(500, "switch error: " + AsyncResults.describe(cause));
    }

    /** The hardening checks: the destination is ours, and the source signed what it sent. */
    private Optional<Outcome> check(Envelope envelope, SessionKey destination) {
        try {
            Optional<Twin> target = registry.find(destination.twin());
            if (target.isEmpty() || !target.get().isServedBy(domains)) {
                return Optional.of(new Outcome(404, "destination twin is not served by this relay"));
            }
            Envelope.MessageCase kind = envelope.getMessageCase();
            if (kind != Envelope.MessageCase.REQUEST
                    && kind != Envelope.MessageCase.RESPONSE
                    && kind != Envelope.MessageCase.ERROR) {
                return Optional.of(new Outcome(400, "bad request: " + kind + " envelopes are not federated"));
            }
            if (!envelope.hasSource() || envelope.getSource().getTwin() == 0) {
                return Optional.of(new Outcome(400, "bad request: message without source"));
            }
            Optional<Twin> source = registry.find(envelope.getSource().getTwin());
            if (source.isEmpty()) {
                // perhaps a twin this relay's registry does not know yet: the sender may try again
                return Optional.of(new Outcome(503, "unknown source twin"));
            }
            EnvelopeSignatures.verify(envelope, source.get().account());
            return Optional.empty();
        } catch (InvalidSignatureException e) {
            return Optional.of(new Outcome(401, "invalid envelope signature: " + e.getMessage()));
        } catch (RegistryException e) {
            return Optional.of(new Outcome(503, "twin registry unavailable: " + e.getMessage()));
        }
    }

    private static CompletionStage<Outcome> refuse(int status, String message) {
        LOG.fine(() -> "refused a federated envelope: " + status + " " + message);
        return CompletableFuture.completedFuture(new Outcome(status, message));
    }
}
