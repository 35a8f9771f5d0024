package dev.rmbee.web.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>A gauge registered from one of the application's worker threads (a relay's series, registered
 * when the relay is first counted) is not known to Liberty as the application's, so it would outlive
 * the deployment and go on reading its figures. Every gauge registered here is therefore removed
 * when the application stops, and none is registered after that.
 */
@ApplicationScoped
public class Gauges {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final List<MetricID> registered = new ArrayList<>();

    private boolean stopped;

    /** Registers the gauge {@code name} with these tags, replacing one already there. */
    public synchronized <T extends Number> void add(String name, String description, Supplier<T> value, Tag... tags) {
        if (stopped) {
            return;
        }
        MetricID id = new MetricID(name, tags);
        registry.remove(id);
        registry.gauge(
                Metadata.builder().withName(name).withDescription(description).build(), value, tags);
        registered.add(id);
    }

    @PreDestroy
    synchronized void removeAll() {
        stopped = true;
        for (MetricID id : registered) {
            registry.remove(id);
        }
        registered.clear();
    }

    /** A 0/1 gauge. */
    public void flag(String name, String description, Supplier<Boolean> value, Tag... tags) {
        add(name, description, () -> value.get() ? 1 : 0, tags);
    }
}
