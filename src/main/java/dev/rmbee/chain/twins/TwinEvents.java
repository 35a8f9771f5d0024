package dev.rmbee.chain.twins;

import dev.rmbee.chain.tfgrid.ChainEvent;
import dev.rmbee.chain.tfgrid.ChainTwin;
import dev.rmbee.chain.tfgrid.EventRecord;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies one block's twin events to the cache: {@code TwinStored} and {@code TwinUpdated} put the
 * twin as it is now, {@code TwinDeleted} marks its id absent (the reference ignores deletions, so a
 * deleted twin stays usable there until the cache is flushed).
 */
final class TwinEvents {

    private static final Logger LOG = Logger.getLogger(TwinEvents.class.getName());

    private final TwinCache cache;
    private final ChainTwinSource source;
    private final ChainCounters counters;

    TwinEvents(TwinCache cache, ChainTwinSource source, ChainCounters counters) {
        this.cache = cache;
        this.source = source;
        this.counters = counters;
    }

    /** @return how many twin events the block had */
    int apply(long block, List<EventRecord> records) {
        int applied = 0;
        for (EventRecord record : records) {
            ChainEvent event = record.typed();
            if (event instanceof ChainEvent.TwinStored stored) {
                source.raiseLastId(stored.twin().id());
                put(block, stored.twin(), "stored");
                counters.twinStored();
            } else if (event instanceof ChainEvent.TwinUpdated updated) {
                put(block, updated.twin(), "updated");
                counters.twinUpdated();
            } else if (event instanceof ChainEvent.TwinDeleted deleted) {
                cache.markAbsent(deleted.twinId());
                counters.twinDeleted();
                LOG.fine(() -> "block " + block + ": twin " + Integer.toUnsignedString(deleted.twinId()) + " deleted");
            } else {
                continue;
            }
            applied++;
        }
        return applied;
    }

    private void put(long block, ChainTwin twin, String what) {
        try {
            cache.put(twin.toTwin());
            LOG.fine(() -> "block " + block + ": twin " + Integer.toUnsignedString(twin.id()) + " " + what);
        } catch (IllegalArgumentException e) {
            // a twin RMB cannot represent (id 0): never looked up either, so dropping it is safe
            counters.failed(ChainCounters.Stage.CACHE_SET);
            LOG.log(Level.WARNING, "block {0}: ignoring twin event: {1}", new Object[] {block, e.getMessage()});
        }
    }
}
