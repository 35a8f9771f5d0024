package dev.rmbee.web.metrics;

import dev.rmbee.federation.FederationGateway;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.metrics.Sampled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Federation's families: the reference's {@code federation_message_success} and
 * {@code federation_message_error} per remote relay, the time POSTs take per relay, the backlog,
 * the envelopes given up by reason, and the answers to other relays' POSTs by status. Families per
 * relay get a series when a relay is first counted (at most {@code rmb.metrics.relay-labels}).
 */
@ApplicationScoped
public class FederationMetrics {

    @Inject
    Gauges gauges;

    @Inject
    FederationCounters counters;

    @Inject
    FederationGateway gateway;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        counters.relays().watch(this::registerRelay);
        counters.inbound()
                .watch((status, count) -> gauges.add(
                        "federation_inbound_total",
                        "envelopes other relays POSTed here, by the HTTP status of the answer",
                        count::sum,
                        new Tag("status", status)));
        for (ErrorReason reason : ErrorReason.values()) {
            if (reason.isFederation()) {
                gauges.add(
                        "federation_given_up_total",
                        "envelopes for other relays given up (not delivered, not retried), by reason",
                        () -> counters.givenUp(reason),
                        new Tag("reason", reason.label()));
            }
        }
        // one round trip with Redis: asked at a scrape, seen by the next one
        Sampled<Long> backlog = new Sampled<>(gateway::backlog, Duration.ZERO, 0L, System::nanoTime);
        gauges.add(
                "federation_queue_messages",
                "envelopes waiting to be sent to other relays (with Redis: the whole relay's, as of the last scrape)",
                backlog::value);
    }

    private void registerRelay(String relay, FederationCounters.Relay figures) {
        Tag tag = new Tag("relay", relay);
        gauges.add(
                "federation_message_success",
                "envelopes a remote relay took (HTTP 202), by relay",
                figures::delivered,
                tag);
        gauges.add(
                "federation_message_error",
                "sending attempts a remote relay did not take (another answer, no connection, timeout), by relay",
                figures::failed,
                tag);
        gauges.add("federation_posts_total", "POSTs sent to a remote relay, by relay", figures::posts, tag);
        gauges.add(
                "federation_post_seconds_total",
                "time the POSTs to a remote relay took, in seconds, by relay",
                figures::postSeconds,
                tag);
    }
}
