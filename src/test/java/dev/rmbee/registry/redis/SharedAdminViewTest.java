package dev.rmbee.registry.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One instance's view of the administrator's changes shared in Redis: announcements and full reads
 * arrive in any order, the change with the later revision wins, missed ones are made up by a read.
 */
class SharedAdminViewTest {

    private final LocalTwinRegistry registry = new LocalTwinRegistry();
    private final SharedAdminView view = new SharedAdminView(registry);

    private static Twin twin(int id, String relay) {
        return new Twin(id, new byte[32], Set.of(relay), null);
    }

    private static SharedEdit put(int id, long revision, String relay) {
        return new SharedEdit(id, revision, SharedEdit.Kind.PUT, twin(id, relay));
    }

    private static SharedEdit deleted(int id, long revision) {
        return new SharedEdit(id, revision, SharedEdit.Kind.DELETED, null);
    }

    private List<String> sources() {
        return registry.entries().stream()
                .map(entry -> entry.twin().id() + ":" + entry.source() + ":"
                        + entry.twin().relays().iterator().next())
                .toList();
    }

    @Test
    void theLaterChangeWinsWhicheverArrivesFirst() {
        assertTrue(view.apply(put(7, 20, "second")));
        assertFalse(view.apply(put(7, 10, "first")), "an older change arriving late");
        assertFalse(view.apply(put(7, 20, "second")), "the same change again (announced after it was written here)");

        assertEquals(List.of("7:ADMIN:second"), sources());
        assertTrue(view.apply(deleted(7, 30)));
        assertEquals(Optional.empty(), registry.find(7));
    }

    @Test
    void aDeletionHidesTheFilesTwinAndAClearShowsItAgain() {
        registry.replaceFileTwins(List.of(twin(1, "file")));

        view.apply(deleted(1, 5));
        assertEquals(Optional.empty(), registry.find(1));
        view.apply(SharedEdit.cleared(1, 6));
        assertEquals(List.of("1:FILE:file"), sources());
    }

    @Test
    void aFullReadMakesUpForMissedAnnouncements() {
        registry.replaceFileTwins(List.of(twin(1, "file")));
        view.apply(put(2, 10, "old"));
        view.apply(put(3, 11, "gone"));
        view.apply(put(1, 12, "admin"));

        // missed meanwhile: 2 replaced, 3 cleared (by a reload elsewhere), 1 deleted, 4 put
        boolean again = view.applySnapshot(40, List.of(put(2, 20, "new"), deleted(1, 30), put(4, 40, "added")));

        assertFalse(again);
        assertEquals(List.of("2:ADMIN:new", "4:ADMIN:added"), sources());
    }

    @Test
    void aFullReadOlderThanAnAnnouncementDoesNotUndoIt() {
        view.apply(put(2, 10, "old"));
        view.apply(put(2, 50, "announced"));
        view.apply(put(5, 51, "announced"));

        // the read ran in Redis at revision 45, before both announced changes
        view.applySnapshot(45, List.of(put(2, 10, "old")));

        assertEquals(List.of("2:ADMIN:announced", "5:ADMIN:announced"), sources());
    }

    @Test
    void aHashThatIsGoneEmptiesTheViewAndAsksForAnotherRead() {
        registry.replaceFileTwins(List.of(twin(1, "file")));
        view.apply(deleted(1, 10));
        view.apply(put(2, 11, "admin"));

        assertTrue(view.applySnapshot(0, List.of()), "Redis lost the hash: read again");

        assertEquals(List.of("1:FILE:file"), sources());
        assertTrue(view.apply(put(2, 5, "anew")), "a new hash's changes count, whatever their revisions");
    }

    @Test
    void aReloadLetsTheFilesWinUnlessALaterChangeArrivedMeanwhile() {
        registry.replaceFileTwins(List.of(twin(1, "file"), twin(2, "file")));
        view.apply(put(1, 10, "admin"));
        view.apply(deleted(2, 11));
        view.apply(put(2, 30, "later")); // announced between the reload's write (revision 20/21) and its answer

        List<Twin> files = List.of(twin(1, "file"), twin(2, "file"));
        var baseline = registry.reloadBaseline(files);
        view.apply(SharedEdit.cleared(1, 20)); // its own announcement, before the script's answer

        LocalTwinRegistry.Reload reload =
                view.reload(List.of(SharedEdit.cleared(1, 20), SharedEdit.cleared(2, 21)), files, baseline);

        assertEquals(new LocalTwinRegistry.Reload(2, 0, 2, 0), reload, "counted from before the write");
        assertEquals(List.of("1:FILE:file", "2:ADMIN:later"), sources());
        assertFalse(view.apply(put(1, 15, "stale")), "older than the reload's clear");
    }
}
