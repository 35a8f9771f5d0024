package dev.rmbee.web.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Registers the relay's figures in the application registry as gauges: functions read when
 * {@code /metrics} is scraped. MicroProfile Metrics 5.1 has no function counter, so the
 * ever-growing counts are gauges too; their names are the reference relay's.
 */
@ApplicationScoped
public class Gauges {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /**
     * Registers the gauge {@code name} with these tags, replacing one already there: a gauge an
     * earlier deployment of the application registered from one of its worker threads (a relay's
     * series, registered when the relay is first counted) outlives that deployment, and found
     * instead of replaced it would go on reading the old deployment's figures.
     */
    public <T extends Number> void add(String name, String description, Supplier<T> value, Tag... tags) {
        registry.remove(new MetricID(name, tags));
        registry.gauge(
                Metadata.builder().withName(name).withDescription(description).build(), value, tags);
    }

    /** A 0/1 gauge. */
    public void flag(String name, String description, Supplier<Boolean> value, Tag... tags) {
        add(name, description, () -> value.get() ? 1 : 0, tags);
    }
}
