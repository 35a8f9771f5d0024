package dev.rmbee.federation;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One entry's pass over its twin's relays, in the ranker's order, each POST holding a slot of its
 * relay's {@link RelayLanes share}: the first relay with a free slot is tried next, so a relay
 * whose share is full is passed over while another has room; when none has room the entry waits
 * in the backlog of the first one left (giving its place in the window back meanwhile), or goes
 * back to the queue when that backlog is full. A 202 delivers, a 4xx refuses for good, anything
 * else downvotes the relay and the next one is tried; when none is left the entry is retried.
 */
final class RelayAttempt implements RelayLanes.Parked {

    /** The entry's place in the workers' window, given back while it waits in a backlog. */
    interface Hold {
        void parked();

        void resumed();
    }

    private static final Logger LOG = Logger.getLogger(FederationGateway.class.getName());
    /** Failed POSTs, per relay: senders set the rate, so once a minute each. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private final FederationDelivery delivery;
    private final FederationEntry entry;
    private final Envelope envelope;
    private final List<String> domains;
    private final List<String> left;
    private final Hold hold;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private String waitingFor;

    RelayAttempt(
            FederationDelivery delivery, FederationEntry entry, Envelope envelope, List<String> domains, Hold hold) {
        this.delivery = delivery;
        this.entry = entry;
        this.envelope = envelope;
        this.domains = domains;
        this.left = new ArrayList<>(domains);
        this.hold = hold;
    }

    /** Starts the pass; the stage completes when the entry was acknowledged or handed back. */
    CompletionStage<Void> start() {
        next();
        return done;
    }

    private void next() {
        if (left.isEmpty()) {
            finish(delivery.retry(
                    entry,
                    envelope,
                    "relays " + domains.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(", ", "'[", "]'"))
                            + " was not reachable in time"));
            return;
        }
        for (Iterator<String> it = left.iterator(); it.hasNext(); ) {
            String domain = it.next();
            if (delivery.lanes().tryAcquire(domain)) {
                it.remove();
                post(domain);
                return;
            }
        }
        String first = left.get(0);
        waitingFor = first; // before parking: the resume may run at once on another thread
        switch (delivery.lanes().park(first, this)) {
            case GRANTED -> {
                left.remove(0);
                post(first);
            }
            case PARKED -> hold.parked();
            case FULL -> finish(delivery.deferred(entry, envelope, first));
        }
    }

    @Override
    public void resume() {
        hold.resumed();
        left.remove(waitingFor);
        post(waitingFor);
    }

    @Override
    public void evict() {
        hold.resumed();
        finish(delivery.deferred(entry, envelope, waitingFor));
    }

    @Override
    public void handBack() {
        hold.resumed();
        finish(delivery.handBack(entry));
    }

    private void post(String domain) {
        long start = System.nanoTime();
        AsyncResults.call(() -> delivery.client().post(domain, entry.envelope()))
                .whenComplete((status, error) -> {
                    try {
                        answered(domain, status, error, System.nanoTime() - start);
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
    }

    private void answered(String domain, Integer status, Throwable error, long nanos) {
        boolean taken = error == null && status == 202;
        boolean refused = error == null && status >= 400 && status < 500;
        FederationCounters counters = delivery.counters();
        counters.posted(domain, nanos, taken);
        if (taken || refused) {
            delivery.ranker().answered(domain);
        } else {
            delivery.ranker().downvote(domain);
        }
        delivery.lanes().release(domain);
        if (taken) {
            FederationDelivery.fields(envelope)
                    .andRelay(domain)
                    .log(LOG, Level.FINE, () -> "federation: " + FederationDelivery.describe(envelope) + " delivered");
            finish(delivery.acknowledge(entry));
        } else if (refused) {
            finish(delivery.giveUp(
                    entry,
                    envelope,
                    ErrorReason.FEDERATION_REJECTED,
                    FederationGateway.DESTINATION_OFFLINE,
                    domain + " answered " + status));
        } else {
            FAILURES.log(
                    "post " + domain,
                    LOG,
                    Level.WARNING,
                    FederationDelivery.fields(envelope).andRelay(domain),
                    () -> "federation: POST to a relay failed: "
                            + (error == null ? "HTTP " + status : AsyncResults.describe(AsyncResults.unwrap(error))));
            next();
        }
    }

    private void finish(CompletionStage<Void> outcome) {
        outcome.whenComplete((ok, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
    }
}
