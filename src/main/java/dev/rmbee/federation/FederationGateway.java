package dev.rmbee.federation;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.retry.Backoff;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Outbound federation (relay.md §7): foreign envelopes go into the durable
 * {@link FederationQueue}, and workers send them to the relays of their destination twin. This
 * class is the relay's side of it; the worker loop is {@link FederationWorkers}', one delivery
 * attempt of an entry {@link FederationDelivery}'s.
 *
 * <p>For each entry a worker takes: the envelope's TTL is checked ({@code message has expired
 * before it could be delivered}, code 102, once it is gone); the destination twin is looked up (a lookup error is transient; an unknown
 * twin and a twin without relays are permanent failures); its relays are ordered by the
 * {@link RelayRanker} and the envelope is POSTed, byte for byte, to one after the other:
 * <ul>
 *   <li>HTTP 202: delivered; the entry is acknowledged;
 *   <li>any 4xx: permanent, the other relays are not tried ({@code remote relay rejected
 *       permanently: destination offline});
 *   <li>anything else (another status, refused connection, timeout): the relay is downvoted and
 *       the next one tried. When none took it the failure is transient: the entry is handed back
 *       for a retry after a jittered exponential backoff (initial delay doubling up to the
 *       maximum; each delay drawn uniformly from its upper half), never past the envelope's
 *       deadline, so that an undeliverable envelope ends as expired.
 * </ul>
 * On a permanent failure or expiry a request's sender gets the relay's error envelope (wire.md
 * §10.2, code 0; code 102 for an expired one, see {@link RelayEnvelopes#expired}) in its own session queue, addressed to the request's source session (the
 * reference leaves the destination unset); responses, errors and pings get none. Then the
 * entry is acknowledged. Each permanent failure is logged in one line (INFO), transient ones at
 * FINE.
 *
 * <p>The workers handle up to a window of entries at once and take new ones as soon as places
 * free up ({@link FederationWorkers}); each destination relay gets a bounded share of the POSTs in
 * flight ({@link RelayLanes}), and undelivered envelopes are retried for at most the retry horizon
 * ({@link EgressLimits}). An envelope's order across relays is not kept (as in the reference).
 */
public final class FederationGateway implements ForeignEnvelopes, AutoCloseable {

    /** Default number of workers. */
    public static final int DEFAULT_WORKERS = 4;

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    /** The error texts senders see (relay.md §11; the reference's text for an expired envelope is its start). */
    public static final String EXPIRED = RelayEnvelopes.EXPIRED_MESSAGE;

    public static final String REJECTED = "remote relay rejected permanently: ";
    public static final String DESTINATION_OFFLINE = REJECTED + "destination offline";
    public static final String TWIN_NOT_FOUND = REJECTED + "self twin not found!";
    public static final String NO_RELAY = REJECTED + "relay is not set for this twin";

    private final FederationQueue queue;
    private final RelayRanker ranker;
    private final FederationDelivery delivery;
    private final FederationWorkers workers;
    private final FederationCounters counters;

    /** A gateway made of what the builder names. */
    public static FederationGatewayBuilder builder() {
        return new FederationGatewayBuilder();
    }

    FederationGateway(FederationGatewayBuilder parts) {
        Backoff backoff = new Backoff("federation backoff", parts.initialBackoff, parts.maxBackoff);
        this.queue = Objects.requireNonNull(parts.queue, "queue");
        this.ranker = Objects.requireNonNull(parts.ranker, "ranker");
        Executor executor = Objects.requireNonNull(parts.executor, "executor");
        EgressLimits limits = parts.limits;
        RelayLanes lanes = new RelayLanes(limits.relayShare(), limits.maxParked(), ranker, executor);
        this.delivery = new FederationDelivery(
                queue,
                Objects.requireNonNull(parts.registry, "registry"),
                ranker,
                Objects.requireNonNull(parts.client, "client"),
                Objects.requireNonNull(parts.replies, "replies"),
                Objects.requireNonNull(parts.clock, "clock"),
                backoff,
                parts.counters,
                lanes,
                limits.maxHorizon());
        this.counters = parts.counters;
        this.workers = new FederationWorkers(
                queue, delivery, executor, parts.scheduler, parts.workers, lanes, limits.window());
    }

    /**
     * Queues the envelope for its twin's relays. The stage fails when the queue cannot take it,
     * with the queue's text for the sender ({@code redis error: …}, {@code federation queue
     * error: …}), or with the {@link QueueFullException} of an envelope over the memory budget.
     */
    @Override
    public CompletionStage<Void> forward(Envelope envelope, byte[] frame, Twin destination) {
        return AsyncResults.call(() -> queue.add(frame)).handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = AsyncResults.unwrap(error);
            if (cause instanceof QueueFullException full) {
                throw full;
            }
            throw cause instanceof FederationQueueException queueError
                    ? queueError
                    : new FederationQueueException("federation queue error: " + AsyncResults.describe(cause), cause);
        });
    }

    /** Starts the workers (once). */
    public void start() {
        workers.start();
    }

    /**
     * Stops the workers and waits (up to 5 s) until they finished the entries they are handling;
     * a worker waiting in the queue stops when its take ends, and hands back whatever that take
     * brings. The queue, the client and the session queues stay open (they are the caller's).
     */
    @Override
    public void close() {
        workers.close();
    }

    /** Envelopes waiting to be sent (the federation queue's depth), for operators. */
    public CompletionStage<Long> backlog() {
        return AsyncResults.call(queue::depth);
    }

    /** The relays the workers met within the ranker's window, best first ({@link RelayRanker#ranks()}). */
    public List<RelayRank> relayRanks() {
        return ranker.ranks();
    }

    /**
     * True from {@link #start()} until {@link #close()}, as long as every worker goes on taking
     * entries (a worker stops for good only when the executor refuses its next round).
     */
    public boolean running() {
        return workers.running();
    }

    /** Envelopes accepted (HTTP 202) per relay domain. */
    public Map<String, Long> successes() {
        return counters.delivered();
    }

    /** Failed sending attempts (any answer but 202, transport errors, timeouts) per relay domain. */
    public Map<String, Long> errors() {
        return counters.failed();
    }

    /** What the workers count: per relay, given up, error envelopes. */
    public FederationCounters counters() {
        return counters;
    }
}
