package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the local registry's twins came from, and what a reload of the files does to them. */
class LocalTwinRegistryTest {

    private final LocalTwinRegistry registry = new LocalTwinRegistry();

    private static Twin twin(int id, String relay) {
        return new Twin(id, new byte[32], Set.of(relay), null);
    }

    private List<String> sources() {
        return registry.entries().stream()
                .map(entry -> entry.twin().id() + ":" + entry.source())
                .toList();
    }

    @Test
    void theFilesTwinsAndTheAdministratorsAreTold() {
        registry.replaceFileTwins(List.of(twin(2, "a"), twin(1, "a")));
        registry.put(twin(3, "a"));

        assertEquals(List.of("1:FILE", "2:FILE", "3:ADMIN"), sources());
        registry.put(twin(1, "b"));
        assertEquals(
                Optional.of(new LocalTwinRegistry.Entry(twin(1, "b"), TwinSource.ADMIN)),
                registry.entry(1),
                "a file twin the administrator replaced is the administrator's");
        assertEquals(Optional.empty(), registry.entry(4));
    }

    @Test
    void aReloadTakesTheFilesTwinsDropsTheOnesTheyLostAndKeepsTheAdministratorsOthers() {
        registry.replaceFileTwins(List.of(twin(1, "a"), twin(2, "a"), twin(3, "a")));
        registry.put(twin(2, "admin")); // over a file twin
        registry.put(twin(9, "admin")); // the administrator's own
        registry.remove(3);

        LocalTwinRegistry.Reload reload =
                registry.replaceFileTwins(List.of(twin(1, "a"), twin(2, "a"), twin(3, "a"), twin(4, "new")));

        assertEquals(new LocalTwinRegistry.Reload(4, 2, 1, 0), reload, "3 and 4 added, 2 back to the file's");
        assertEquals(List.of("1:FILE", "2:FILE", "3:FILE", "4:FILE", "9:ADMIN"), sources());
        assertEquals(Optional.of(twin(2, "a")), registry.find(2));

        reload = registry.replaceFileTwins(List.of(twin(1, "changed")));

        assertEquals(new LocalTwinRegistry.Reload(1, 0, 1, 3), reload);
        assertEquals(List.of("1:FILE", "9:ADMIN"), sources());
        assertEquals(Optional.of(twin(1, "changed")), registry.find(1));
    }

    @Test
    void theAdministratorsDeletionHidesTheFilesTwinUntilAReloadOfFilesThatHoldIt() {
        registry.replaceFileTwins(List.of(twin(1, "a"), twin(2, "a")));

        assertEquals(Optional.of(twin(1, "a")), registry.remove(1));
        assertEquals(Optional.empty(), registry.remove(1), "deleted already: nothing to delete");

        assertEquals(Optional.empty(), registry.find(1));
        assertEquals(Map.of(1, Optional.empty()), registry.adminTwins());
        registry.replaceFileTwins(List.of(twin(2, "a")));
        assertEquals(Optional.empty(), registry.find(1), "a file that no longer holds it brings nothing back");
        registry.replaceFileTwins(List.of(twin(1, "a"), twin(2, "a")));
        assertEquals(Optional.of(twin(1, "a")), registry.find(1), "a file that holds it wins again");
        assertEquals(Map.of(), registry.adminTwins());
    }

    @Test
    void forgettingTheAdministratorsChangeShowsTheFilesTwinAgain() {
        registry.replaceFileTwins(List.of(twin(1, "file")));
        registry.put(twin(1, "admin"));
        registry.put(twin(2, "admin"));

        registry.clearAdminTwin(1);
        registry.clearAdminTwin(2);

        assertEquals(List.of("1:FILE"), sources());
        assertEquals(Optional.of(twin(1, "file")), registry.find(1));
    }

    @Test
    void theAdministratorsChangesAreReplacedAllAtOnceOverTheFiles() {
        registry.replaceFileTwins(List.of(twin(1, "file"), twin(2, "file")));
        registry.put(twin(3, "admin"));

        registry.replaceAdminTwins(Map.of(1, Optional.empty(), 2, Optional.of(twin(2, "admin"))));

        assertEquals(List.of("2:ADMIN"), sources(), "1 deleted, 2 replaced, 3 no longer the administrator's");
        assertEquals(Optional.of(twin(2, "admin")), registry.find(2));
        assertEquals(Map.of(1, Optional.empty(), 2, Optional.of(twin(2, "admin"))), registry.adminTwins());
    }
}
