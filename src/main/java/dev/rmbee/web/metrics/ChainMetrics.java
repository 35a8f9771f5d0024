package dev.rmbee.web.metrics;

import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Tag;

/**
 * With twins from tfchain ({@code rmb.chain.urls}): the twin cache's families
 * ({@code rmb_cache_*}) and the chain listener's ({@code events_listener_*}), under the reference's
 * names. Without a chain there is no cache (every twin is in memory) and neither family exists.
 */
@ApplicationScoped
public class ChainMetrics {

    @Inject
    Gauges gauges;

    @Inject
    Optional<ChainTwins> chain;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        chain.ifPresent(twins -> {
            registerCache(twins.registry());
            registerListener(twins, twins.counters());
        });
    }

    private void registerCache(TwinCache cache) {
        gauges.add("rmb_cache_hits_total", "twin lookups answered from the cache", cache::hits);
        gauges.add("rmb_cache_misses_total", "twin lookups that asked the chain", cache::misses);
        gauges.add("rmb_cache_flushes_total", "times the twin cache was emptied", cache::flushes);
        gauges.add("rmb_cache_entries", "twins in the cache", cache::size);
    }

    private void registerListener(ChainTwins twins, ChainCounters counters) {
        gauges.flag("events_listener_reconnecting", "1 while no tfchain node is connected", () -> !twins.connected());
        gauges.add(
                "events_listener_reconnect_cycles_total",
                "connections to a tfchain node after the first",
                counters::reconnects);
        for (ChainCounters.Stage stage : ChainCounters.Stage.values()) {
            gauges.add(
                    "events_listener_errors_total",
                    "failures while following the chain, by stage",
                    () -> counters.errors(stage),
                    new Tag("stage", stage.label()));
        }
        gauges.add(
                "events_listener_last_processed_block_number",
                "the last block whose twin events were applied (-1 before the first)",
                twins::followedBlock);
        gauges.add("events_listener_twin_stored_total", "TwinStored events applied", counters::twinsStored);
        gauges.add("events_listener_twin_updated_total", "TwinUpdated events applied", counters::twinsUpdated);
        gauges.add("events_listener_twin_deleted_total", "TwinDeleted events applied", counters::twinsDeleted);
    }
}
