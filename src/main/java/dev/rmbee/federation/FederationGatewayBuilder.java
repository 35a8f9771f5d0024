package dev.rmbee.federation;

import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.SessionQueues;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link FederationGateway} is made of. The collaborators have no default; the tuning
 * defaults to {@link FederationGateway#DEFAULT_WORKERS} workers, a backoff from
 * {@link FederationGateway#DEFAULT_INITIAL_BACKOFF} up to {@link FederationGateway#DEFAULT_MAX_BACKOFF},
 * fresh counters and {@link EgressLimits#DEFAULTS}.
 */
public final class FederationGatewayBuilder {

    FederationQueue queue;
    TwinRegistry registry;
    RelayRanker ranker;
    RemoteRelayClient client;
    SessionQueues replies;
    Clock clock;
    Executor executor;
    ScheduledExecutorService scheduler;
    int workers = FederationGateway.DEFAULT_WORKERS;
    Duration initialBackoff = FederationGateway.DEFAULT_INITIAL_BACKOFF;
    Duration maxBackoff = FederationGateway.DEFAULT_MAX_BACKOFF;
    FederationCounters counters = new FederationCounters();
    EgressLimits limits = EgressLimits.DEFAULTS;

    FederationGatewayBuilder() {}

    /** Where foreign envelopes wait (the caller's: the gateway does not close it). */
    public FederationGatewayBuilder queue(FederationQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        return this;
    }

    /** Looks up destination twins and their relays. */
    public FederationGatewayBuilder registry(TwinRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /** Orders a twin's relays. */
    public FederationGatewayBuilder ranker(RelayRanker ranker) {
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        return this;
    }

    /** Sends to other relays. */
    public FederationGatewayBuilder client(RemoteRelayClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return this;
    }

    /** The session queues, for error envelopes to senders. */
    public FederationGatewayBuilder replies(SessionQueues replies) {
        this.replies = Objects.requireNonNull(replies, "replies");
        return this;
    }

    /** Checks TTLs and stamps error envelopes. */
    public FederationGatewayBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Runs the workers (a {@code ManagedExecutorService} in the container), and the pause after a
     * queue failure (a {@code ManagedScheduledExecutorService}).
     */
    public FederationGatewayBuilder threads(Executor executor, ScheduledExecutorService scheduler) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** How many workers take entries (with Redis, one consumer each); at least 1. */
    public FederationGatewayBuilder workers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("number of federation workers must be at least 1");
        }
        this.workers = workers;
        return this;
    }

    /** The delay before the first retry of an undelivered envelope, and the longest between retries. */
    public FederationGatewayBuilder backoff(Duration initial, Duration max) {
        this.initialBackoff = Objects.requireNonNull(initial, "initial backoff");
        this.maxBackoff = Objects.requireNonNull(max, "max backoff");
        return this;
    }

    /** Counts the POSTs per relay, the envelopes given up and the error envelopes sent back. */
    public FederationGatewayBuilder counters(FederationCounters counters) {
        this.counters = Objects.requireNonNull(counters, "counters");
        return this;
    }

    /** The window, each relay's share and the retry horizon. */
    public FederationGatewayBuilder limits(EgressLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** The gateway; fails when a collaborator is missing or the backoff is not valid. */
    public FederationGateway build() {
        return new FederationGateway(this);
    }
}
