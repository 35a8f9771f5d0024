package dev.rmbee.web.metrics;

import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.Eviction;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.metrics.Sampled;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.QueueTotals;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The relay's families: the reference's {@code relay_message_*} and
 * {@code relay_session_evictions_total}, and the connected sessions, queued envelopes, error
 * envelopes and drops by reason.
 */
@ApplicationScoped
public class RelayMetrics {

    @Inject
    Gauges gauges;

    @Inject
    RelayCounters counters;

    @Inject
    FederationCounters federation;

    @Inject
    SessionRegistry sessions;

    @Inject
    SessionQueues queues;

    @Inject
    MetricsSettings settings;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        gauges.add("relay_message_rx", "envelopes stored in a session queue of this relay", counters::queued);
        gauges.add("relay_message_rx_bytes", "bytes of the envelopes stored in session queues", counters::queuedBytes);
        gauges.add("relay_message_tx", "envelopes delivered to twins connected here", counters::delivered);
        gauges.add("relay_message_tx_bytes", "bytes of the envelopes delivered to twins", counters::deliveredBytes);
        for (Eviction reason : Eviction.values()) {
            gauges.add(
                    "relay_session_evictions_total",
                    "connections that left the relay, by reason",
                    () -> counters.evictions(reason),
                    new Tag("reason", reason.label()));
        }
        gauges.add("relay_sessions", "sessions connected to this instance", sessions::size);
        registerQueues();
        registerRefusals();
    }

    private void registerQueues() {
        // in memory the totals are exact and free; with Redis a scan, at most once per interval
        Duration interval = queues instanceof EmbeddedSessionQueues ? Duration.ZERO : settings.queueScanInterval();
        int limit = settings.queueScanLimit();
        Sampled<QueueTotals> totals =
                new Sampled<>(() -> queues.queuedTotals(limit), interval, QueueTotals.NONE, System::nanoTime);
        gauges.add(
                "relay_queue_messages",
                "envelopes waiting in the session queues of the whole relay",
                () -> totals.value().messages());
        gauges.add(
                "relay_queue_bytes",
                "bytes the session queues hold (with Redis: the memory Redis reports for them)",
                () -> totals.value().bytes());
        gauges.add(
                "relay_queue_sessions",
                "session queues holding envelopes",
                () -> totals.value().sessions());
        gauges.flag(
                "relay_queue_complete",
                "1 when the queue figures cover every queue, 0 when a scan stopped at its limit",
                () -> totals.value().complete());
    }

    private void registerRefusals() {
        for (ErrorReason reason : ErrorReason.values()) {
            gauges.add(
                    "relay_error_envelopes_total",
                    "error envelopes sent to the senders of refused requests, by reason",
                    () -> reason.isFederation() ? federation.errorEnvelopes(reason) : counters.errorEnvelopes(reason),
                    new Tag("reason", reason.label()));
            if (!reason.isFederation()) {
                gauges.add(
                        "relay_dropped_total",
                        "refused responses, errors and pings (dropped without a reply), by reason",
                        () -> counters.drops(reason),
                        new Tag("reason", reason.label()));
            }
        }
        gauges.add(
                "relay_rate_limited_total",
                "envelopes refused by the rate limit",
                () -> counters.errorEnvelopes(ErrorReason.RATE_LIMITED) + counters.drops(ErrorReason.RATE_LIMITED));
    }
}
