package dev.rmbee.federation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.EnvelopeTags;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the relay does with an envelope another relay POSTs to it (relay.md §7.6): parse, then queue
 * it for its destination session. The reference accepts anything from anyone; with verification on
 * (the default) an envelope is taken only when its destination twin is served by this relay and,
 * for requests, responses and errors, when it carries a valid signature of its source twin.
 */
public final class InboundFederation {

    private static final Logger LOG = Logger.getLogger(InboundFederation.class.getName());

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

    public InboundFederation(
            SessionRegistry sessions,
            SessionQueues queues,
            SessionDelivery delivery,
            TwinRegistry registry,
            Set<String> domains,
            boolean verify) {
        this.sessions = sessions;
        this.queues = queues;
        this.delivery = delivery;
        this.registry = registry;
        this.domains = Set.copyOf(domains);
        this.verify = verify;
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
        return queues.append(destination, body)
                .thenApply(ok -> {
                    delivery.wake(destination);
                    return Outcome.accepted();
                })
                .exceptionally(failure -> {
                    Throwable cause = AsyncResults.unwrap(failure);
                    LOG.log(Level.WARNING, "could not queue a federated envelope for " + destination, cause);
                    return new Outcome(500, "switch error: " + AsyncResults.describe(cause));
                });
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
            int sourceTwin = envelope.hasSource() ? envelope.getSource().getTwin() : 0;
            Optional<Twin> source = sourceTwin == 0 ? Optional.empty() : registry.find(sourceTwin);
            if (source.isEmpty()) {
                return Optional.of(new Outcome(401, "unknown source twin"));
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
