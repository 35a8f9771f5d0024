package dev.rmbee.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The metrics' settings (rmb.metrics.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class MetricsSettings {

    @Inject
    @ConfigProperty(name = "rmb.metrics.relay-labels", defaultValue = "100")
    int relayLabels;

    @Inject
    @ConfigProperty(name = "rmb.metrics.queue-scan-interval", defaultValue = "60")
    long queueScanIntervalSeconds;

    @Inject
    @ConfigProperty(name = "rmb.metrics.queue-scan-limit", defaultValue = "100000")
    int queueScanLimit;

    /** Remote relay domains counted apart; the rest share the label {@code other}. */
    public int relayLabels() {
        if (relayLabels < 1) {
            throw new IllegalArgumentException("rmb.metrics.relay-labels must be at least 1, not " + relayLabels);
        }
        return relayLabels;
    }

    /** With Redis: how old the queue totals may get before a scrape starts a new scan. */
    public Duration queueScanInterval() {
        if (queueScanIntervalSeconds < 0) {
            throw new IllegalArgumentException(
                    "rmb.metrics.queue-scan-interval must not be negative, not " + queueScanIntervalSeconds);
        }
        return Duration.ofSeconds(queueScanIntervalSeconds);
    }

    /** With Redis: the most session streams one scan looks at. */
    public int queueScanLimit() {
        if (queueScanLimit < 1) {
            throw new IllegalArgumentException(
                    "rmb.metrics.queue-scan-limit must be at least 1, not " + queueScanLimit);
        }
        return queueScanLimit;
    }
}
