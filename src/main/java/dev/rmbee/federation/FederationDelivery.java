package dev.rmbee.federation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.retry.Backoff;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One delivery attempt of one federation entry, as {@link FederationGateway} describes it: TTL and
 * retry horizon, destination twin, its relays in the ranker's order ({@link RelayAttempt}, each
 * POST within its relay's share) until one takes the envelope (202) or refuses it for good (4xx);
 * then the entry is acknowledged, handed back for a retry after the
 * backoff (never past the envelope's deadline), or given up with an error envelope to a
 * request's sender. Counts the relays' answers and the time they took, and what was given up.
 */
final class FederationDelivery {

    /** How long an entry for a healthy relay whose backlog is full waits in the queue. */
    static final Duration DEFER_BUSY = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(FederationGateway.class.getName());
    /** Failed POSTs, per relay, and envelopes given up, per reason: senders set the rate, so once a minute each. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private final FederationQueue queue;
    private final TwinRegistry registry;
    private final RelayRanker ranker;
    private final RemoteRelayClient client;
    private final SessionQueues replies;
    private final Clock clock;
    private final Backoff backoff;
    private final FederationCounters counters;
    private final RelayLanes lanes;
    private final long maxHorizonSeconds;

    FederationDelivery(
            FederationQueue queue,
            TwinRegistry registry,
            RelayRanker ranker,
            RemoteRelayClient client,
            SessionQueues replies,
            Clock clock,
            Backoff backoff,
            FederationCounters counters,
            RelayLanes lanes,
            Duration maxHorizon) {
        this.queue = queue;
        this.registry = registry;
        this.ranker = ranker;
        this.client = client;
        this.replies = replies;
        this.clock = clock;
        this.backoff = backoff;
        this.counters = counters;
        this.lanes = lanes;
        this.maxHorizonSeconds = Math.max(1, maxHorizon.toSeconds());
    }

    /**
     * Handles one entry; the stage completes when it was acknowledged or handed back. While it
     * waits in a relay's backlog, it gives its place in the window back through {@code hold}.
     */
    CompletionStage<Void> handle(FederationEntry entry, RelayAttempt.Hold hold) {
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(entry.envelope());
        } catch (InvalidProtocolBufferException e) {
            LOG.info(
                    () -> "federation: dropping entry " + entry.id() + ": failed to parse envelope: " + e.getMessage());
            return acknowledge(entry);
        }
        long now = clock.instant().getEpochSecond();
        if (EnvelopeTime.isExpired(now, envelope.getTimestamp(), envelope.getExpiration())) {
            return giveUp(
                    entry,
                    envelope,
                    ErrorReason.FEDERATION_EXPIRED,
                    FederationGateway.EXPIRED,
                    "TTL elapsed after " + (entry.deliveries() - 1) + " retries");
        }
        if (pastHorizon(entry, envelope, now)) {
            return giveUp(
                    entry,
                    envelope,
                    ErrorReason.FEDERATION_EXPIRED,
                    FederationGateway.EXPIRED,
                    "retry horizon of " + maxHorizonSeconds + " s reached after " + (entry.deliveries() - 1)
                            + " retries");
        }
        int twinId = envelope.getDestination().getTwin();
        Optional<Twin> twin;
        try {
            twin = registry.find(twinId);
        } catch (RegistryException e) {
            return retry(entry, envelope, "failed to get twin details: " + e.getMessage());
        }
        if (twin.isEmpty()) {
            return giveUp(
                    entry, envelope, ErrorReason.FEDERATION_TWIN_NOT_FOUND, FederationGateway.TWIN_NOT_FOUND, null);
        }
        if (twin.get().relays().isEmpty()) {
            return giveUp(entry, envelope, ErrorReason.FEDERATION_NO_RELAY, FederationGateway.NO_RELAY, null);
        }
        List<String> domains = ranker.order(twin.get().relays());
        return new RelayAttempt(this, entry, envelope, domains, hold).start();
    }

    /**
     * The entry has been retried for longer than the retry horizon (counted from the envelope's
     * timestamp): it is given up as expired, whatever its own expiration says.
     */
    private boolean pastHorizon(FederationEntry entry, Envelope envelope, long now) {
        return entry.deliveries() > 1
                && Long.compareUnsigned(now, EnvelopeTime.deadline(envelope.getTimestamp(), maxHorizonSeconds)) >= 0;
    }

    /**
     * The relay's backlog was full (or shrank): back to the queue, no POST made, for a short while
     * if the relay is healthy (it is only busy), else after the backoff.
     */
    CompletionStage<Void> deferred(FederationEntry entry, Envelope envelope, String domain) {
        Duration later = ranker.streak(domain) == 0 ? DEFER_BUSY : backoff(entry.deliveries());
        LOG.fine(() -> "federation: " + describe(envelope) + " waits for " + domain
                + ", whose backlog is full; again in " + later.toMillis() + " ms");
        queue.retryLater(entry, later);
        return CompletableFuture.completedFuture(null);
    }

    /** Shutting down: back to the queue at once, untouched. */
    CompletionStage<Void> handBack(FederationEntry entry) {
        queue.retryLater(entry, Duration.ZERO);
        return CompletableFuture.completedFuture(null);
    }

    RelayLanes lanes() {
        return lanes;
    }

    RemoteRelayClient client() {
        return client;
    }

    RelayRanker ranker() {
        return ranker;
    }

    FederationCounters counters() {
        return counters;
    }

    /** Transient failure: the entry goes back for a retry after its backoff, not later than its deadline. */
    CompletionStage<Void> retry(FederationEntry entry, Envelope envelope, String reason) {
        long delay = backoff(entry.deliveries()).toMillis();
        long deadlineSeconds = unsignedMin(
                EnvelopeTime.deadline(envelope.getTimestamp(), envelope.getExpiration()),
                EnvelopeTime.deadline(envelope.getTimestamp(), maxHorizonSeconds));
        long deadlineMillis = Long.compareUnsigned(deadlineSeconds, Long.MAX_VALUE / 1000) > 0
                ? Long.MAX_VALUE
                : deadlineSeconds * 1000;
        long left = deadlineMillis - clock.millis();
        long wait = Math.max(0, Math.min(delay, left));
        LOG.fine(() -> "federation: " + describe(envelope) + " not delivered (attempt " + entry.deliveries() + "): "
                + reason + "; next attempt in " + wait + " ms");
        queue.retryLater(entry, Duration.ofMillis(wait));
        return CompletableFuture.completedFuture(null);
    }

    /** The delay before the next attempt after {@code deliveries} attempts. */
    Duration backoff(long deliveries) {
        return backoff.delay(deliveries, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Permanent failure or expiry: one log line, the error envelope to a request's sender, and the
     * entry is acknowledged. If the error envelope cannot be queued, the entry is retried later,
     * unless the sender's queue is full (the memory budget): then it is given up without a reply.
     */
    CompletionStage<Void> giveUp(
            FederationEntry entry, Envelope envelope, ErrorReason reason, String text, String detail) {
        counters.gaveUp(reason);
        FAILURES.log(
                "gave up: " + text,
                LOG,
                Level.INFO,
                fields(envelope),
                () -> "federation: " + describe(envelope) + " not delivered: " + text
                        + (detail == null ? "" : " (" + detail + ")"));
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST) {
            return acknowledge(entry);
        }
        if (!envelope.hasSource() || envelope.getSource().getTwin() == 0) {
            LOG.fine(() -> "federation: no error reply for " + describe(envelope) + ": it has no source");
            return acknowledge(entry);
        }
        SessionKey sender = SessionKey.of(envelope.getSource());
        long now = clock.instant().getEpochSecond();
        byte[] reply = (reason == ErrorReason.FEDERATION_EXPIRED
                        ? RelayEnvelopes.expired(envelope.getUid(), sender, now)
                        : RelayEnvelopes.error(envelope.getUid(), sender, text, now))
                .toByteArray();
        return AsyncResults.call(() -> replies.append(sender, reply))
                .handle((ok, error) -> {
                    if (error == null) {
                        counters.errorEnvelope(reason);
                        return acknowledge(entry);
                    }
                    if (AsyncResults.unwrap(error) instanceof QueueFullException full) {
                        // the sender's queue is full: retrying would only keep the entry (and its bytes)
                        FAILURES.log(
                                "error reply not queued: queue full",
                                LOG,
                                Level.INFO,
                                fields(envelope),
                                () -> "federation: no error reply for " + describe(envelope) + ": "
                                        + full.getMessage());
                        return acknowledge(entry);
                    }
                    Duration later = backoff(entry.deliveries());
                    LOG.warning(() -> "federation: could not queue the error reply for " + describe(envelope) + " to "
                            + sender + ": " + AsyncResults.describe(AsyncResults.unwrap(error)) + "; trying again in "
                            + later.toMillis() + " ms");
                    queue.retryLater(entry, later);
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(stage -> stage);
    }

    CompletionStage<Void> acknowledge(FederationEntry entry) {
        return AsyncResults.call(() -> queue.acknowledge(entry)).exceptionally(error -> {
            // the entry stays pending: it may be sent again (at least once)
            LOG.warning(() -> "federation: acknowledging entry " + entry.id() + " failed: "
                    + AsyncResults.describe(AsyncResults.unwrap(error)));
            return null;
        });
    }

    /** The fields of a line about an envelope: its source twin and uid. */
    static LogFields fields(Envelope envelope) {
        LogFields fields = LogFields.uid(envelope.getUid());
        return envelope.hasSource() ? fields.andTwin(envelope.getSource().getTwin()) : fields;
    }

    private static long unsignedMin(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static String describe(Envelope envelope) {
        return envelope.getMessageCase().name().toLowerCase(Locale.ROOT) + " " + envelope.getUid()
                + " from " + (envelope.hasSource() ? SessionKey.of(envelope.getSource()) : "?")
                + " to " + (envelope.hasDestination() ? SessionKey.of(envelope.getDestination()) : "?");
    }
}
