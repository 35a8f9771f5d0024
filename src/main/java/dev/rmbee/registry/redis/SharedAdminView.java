package dev.rmbee.registry.redis;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This instance's view of the shared administrator's changes, kept in the {@link LocalTwinRegistry}:
 * announcements and full reads of the hash may arrive in any order, so each id remembers the
 * revision of the change it shows, and only a later one replaces it. A full read at revision R also
 * clears the ids it no longer holds whose change is older than R (the announcement was missed).
 * Revisions come from Redis's clock (microseconds, never lower than the last one plus one), so a
 * hash Redis lost (restarted without persistence, flushed) and began anew has later revisions than
 * the lost one's; a hash that is gone empties the view.
 */
final class SharedAdminView {

    private final LocalTwinRegistry registry;
    // guarded by this: per id, the change the registry shows
    private final Map<Integer, SharedEdit> applied = new HashMap<>();

    SharedAdminView(LocalTwinRegistry registry) {
        this.registry = registry;
    }

    /** Shows {@code edit} when it is later than the change the id shows; false when it is not. */
    synchronized boolean apply(SharedEdit edit) {
        SharedEdit known = applied.get(edit.id());
        if (known != null && known.revision() >= edit.revision()) {
            return false;
        }
        applied.put(edit.id(), edit);
        show(edit);
        return true;
    }

    /**
     * A full read of the hash: its revision (0 when there is no hash) and the changes it holds
     * (puts and deletions). Returns true when it found no hash where changes had been seen: then the
     * view is emptied, and the caller reads once more (a change made during this read may have been
     * announced before this answer came).
     */
    synchronized boolean applySnapshot(long revision, Collection<SharedEdit> edits) {
        if (revision == 0) {
            boolean lost = !applied.isEmpty();
            applied.clear();
            registry.replaceAdminTwins(Map.of());
            return lost;
        }
        Set<Integer> present = new HashSet<>();
        for (SharedEdit edit : edits) {
            present.add(edit.id());
            apply(edit);
        }
        for (SharedEdit known : List.copyOf(applied.values())) {
            if (!present.contains(known.id()) && known.revision() < revision) {
                apply(SharedEdit.cleared(known.id(), revision));
            }
        }
        return false;
    }

    /**
     * A reload of the registry files whose {@code clears} (one per id the files hold) the hash took:
     * the files' twins win for their ids, unless a later change of an id arrived meanwhile. The
     * counts are from {@code baseline}, what the ids showed before the clears were written (their
     * announcement may have arrived already).
     */
    synchronized LocalTwinRegistry.Reload reload(
            List<SharedEdit> clears,
            Collection<Twin> fileTwins,
            Map<Integer, Optional<LocalTwinRegistry.Entry>> baseline) {
        for (SharedEdit clear : clears) {
            SharedEdit known = applied.get(clear.id());
            if (known == null || known.revision() < clear.revision()) {
                applied.put(clear.id(), clear);
            }
        }
        LocalTwinRegistry.Reload reload = registry.replaceFileTwins(fileTwins, baseline);
        for (Twin twin : fileTwins) {
            SharedEdit known = applied.get(twin.id());
            if (known != null && known.kind() != SharedEdit.Kind.CLEARED) {
                show(known);
            }
        }
        return reload;
    }

    private void show(SharedEdit edit) {
        switch (edit.kind()) {
            case PUT -> registry.setAdminTwin(edit.id(), Optional.of(edit.twin()));
            case DELETED -> registry.setAdminTwin(edit.id(), Optional.empty());
            case CLEARED -> registry.clearAdminTwin(edit.id());
        }
    }
}
