package dev.rmbee.web.metrics;

import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.metrics.RelayCounters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The application's one set of relay and federation counters: the beans that build the cores pass
 * them in, the metrics classes read them.
 */
@ApplicationScoped
public class CountersProducer {

    @Inject
    MetricsSettings settings;

    private RelayCounters relay;
    private FederationCounters federation;

    @PostConstruct
    void start() {
        relay = new RelayCounters();
        federation = new FederationCounters(settings.relayLabels());
    }

    @Produces
    RelayCounters relay() {
        return relay;
    }

    @Produces
    FederationCounters federation() {
        return federation;
    }
}
