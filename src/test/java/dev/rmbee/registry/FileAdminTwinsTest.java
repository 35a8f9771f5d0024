package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's changes kept in {@code rmb.registry.admin-file}: written whole, read at start over the files. */
class FileAdminTwinsTest {

    @TempDir
    Path dir;

    private static Twin twin(int id, String relay) {
        return new Twin(id, new byte[32], Set.of(relay), null);
    }

    private static Twin twinWithPk(int id) {
        byte[] pk = new byte[33];
        pk[0] = 0x02;
        pk[32] = 7;
        return new Twin(id, new byte[32], Set.of("bb.example", "aa.example:8080"), pk);
    }

    /** A registry as a server starts it: the files' twins, then the admin file. */
    private static LocalTwinRegistry started(Path adminFile, Twin... fileTwins) throws RegistryException {
        LocalTwinRegistry registry = new LocalTwinRegistry();
        registry.replaceFileTwins(List.of(fileTwins));
        FileAdminTwins.open(registry, adminFile);
        return registry;
    }

    private static List<String> sources(LocalTwinRegistry registry) {
        return registry.entries().stream()
                .map(entry -> entry.twin().id() + ":" + entry.source())
                .toList();
    }

    @Test
    void putsAndDeletionsSurviveARestartOverTheFilesTwins() throws Exception {
        Path file = dir.resolve("admin-twins.json");
        LocalTwinRegistry registry = new LocalTwinRegistry();
        registry.replaceFileTwins(List.of(twin(1, "file"), twin(2, "file"), twin(3, "file")));
        FileAdminTwins store = FileAdminTwins.open(registry, file);

        assertEquals(Optional.empty(), store.put(twinWithPk(9)));
        assertEquals(Optional.of(twin(1, "file")), store.put(twin(1, "admin")));
        assertEquals(Optional.of(twin(2, "file")), store.delete(2));
        assertEquals(Optional.empty(), store.delete(42), "no such twin: nothing written");

        LocalTwinRegistry restarted = started(file, twin(1, "file"), twin(2, "file"), twin(3, "file"));
        assertEquals(List.of("1:ADMIN", "3:FILE", "9:ADMIN"), sources(restarted));
        assertEquals(registry.entries(), restarted.entries());
        assertEquals(Optional.of(twinWithPk(9)), restarted.find(9), "relays, port and pk kept");
        assertEquals(Optional.empty(), restarted.find(2), "the deletion hides the file's twin after a restart");
    }

    @Test
    void aReloadLetsTheFilesWinInTheFileToo() throws Exception {
        Path file = dir.resolve("admin-twins.json");
        Path registryFile = Files.writeString(
                dir.resolve("twins.json"),
                "{\"twins\":[{\"id\":1,\"account\":\"0x" + "00".repeat(32) + "\",\"relays\":[\"file\"],\"pk\":null}]}");
        LocalTwinRegistry registry = new LocalTwinRegistry();
        FileAdminTwins store = FileAdminTwins.open(registry, file);
        store.put(twin(1, "admin"));
        store.put(twin(5, "admin"));

        LocalTwinRegistry.Reload reload = store.reload(RegistryFiles.of(Optional.of(registryFile.toString())));

        assertEquals(new LocalTwinRegistry.Reload(1, 0, 1, 0), reload);
        assertEquals(List.of("1:FILE", "5:ADMIN"), sources(registry));
        assertEquals(List.of("1:FILE", "5:ADMIN"), sources(started(file, twin(1, "file"))));
    }

    @Test
    void aMissingFileIsNoChangeAndTheFirstChangeCreatesItAndItsDirectory() throws Exception {
        Path file = dir.resolve("state/rmb/admin-twins.json");
        LocalTwinRegistry registry = started(file, twin(1, "file"));
        assertEquals(List.of("1:FILE"), sources(registry));
        assertFalse(Files.exists(file));

        FileAdminTwins.open(registry, file).put(twin(2, "admin"));

        assertEquals(
                "{\"twins\":[{\"id\":2,\"account\":\"0x" + "00".repeat(32)
                        + "\",\"relays\":[\"admin\"],\"pk\":null}],\"deleted\":[]}",
                Files.readString(file).replaceAll("\\s", ""));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void aCorruptFileFailsTheStartNamingItAndIsLeftAsItIs() throws Exception {
        for (String content : List.of(
                "{\"twins\":[{\"id\":1,\"account\":\"0x00\"}]}",
                "{\"twins\":[], \"deleted\":[0]}",
                "{\"twins\":[], \"deleted\":\"7\"}",
                "{\"twins\":[",
                "")) {
            Path file = Files.writeString(dir.resolve("admin-twins.json"), content, StandardCharsets.UTF_8);

            RegistryException error =
                    assertThrows(RegistryException.class, () -> started(file, twin(1, "file")), content);

            assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
            assertEquals(content, Files.readString(file), "the file is not overwritten");
        }
    }

    @Test
    void aChangeThatCannotBeWrittenChangesNothing() throws Exception {
        Path file = dir.resolve("state/admin-twins.json");
        LocalTwinRegistry registry = new LocalTwinRegistry();
        registry.replaceFileTwins(List.of(twin(1, "file")));
        FileAdminTwins store = FileAdminTwins.open(registry, file);
        Files.writeString(dir.resolve("state"), "a file where the directory should be");

        AdminStoreException put = assertThrows(AdminStoreException.class, () -> store.put(twin(2, "admin")));
        assertThrows(AdminStoreException.class, () -> store.delete(1));

        assertTrue(
                put.getMessage().contains(file.toString()) && put.getMessage().contains("nothing changed"),
                put.getMessage());
        assertEquals(List.of("1:FILE"), sources(registry));
        assertEquals(Map.of(), registry.adminTwins());
    }
}
