package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setting's files loaded into the local registry: later files win, a bad file changes nothing. */
class RegistryFilesTest {

    @TempDir
    Path dir;

    private final LocalTwinRegistry registry = new LocalTwinRegistry();

    private Path file(String name, String... twins) throws Exception {
        return Files.writeString(
                dir.resolve(name), "{\"twins\":[" + String.join(",", twins) + "]}", StandardCharsets.UTF_8);
    }

    private static String twin(int id, String relay) {
        return "{\"id\":" + id + ",\"account\":\"0x" + "11".repeat(32) + "\",\"relays\":[\"" + relay
                + "\"],\"pk\":null}";
    }

    @Test
    void theSettingNamesOneOrSeveralFilesOrNone() {
        assertTrue(RegistryFiles.of(Optional.empty()).isEmpty());
        assertTrue(RegistryFiles.of(Optional.of(" , ")).isEmpty());
        assertEquals(
                List.of(Path.of("a.json"), Path.of("b.json")),
                RegistryFiles.of(Optional.of("a.json, b.json,")).files());
    }

    @Test
    void laterFilesWinForTheSameId() throws Exception {
        Path first = file("first.json", twin(1, "first"), twin(2, "first"));
        Path second = file("second.json", twin(2, "second"));

        LocalTwinRegistry.Reload loaded =
                RegistryFiles.of(Optional.of(first + "," + second)).loadInto(registry);

        assertEquals(new LocalTwinRegistry.Reload(2, 2, 0, 0), loaded);
        assertEquals(Set.of("second"), registry.find(2).orElseThrow().relays());
    }

    @Test
    void aBadFileNamesItselfAndLeavesTheRegistryAsItWas() throws Exception {
        Path good = file("good.json", twin(1, "good"));
        RegistryFiles files = RegistryFiles.of(Optional.of(good.toString()));
        files.loadInto(registry);
        Files.writeString(good, "{\"twins\":[{\"id\":\"one\"}", StandardCharsets.UTF_8);

        RegistryException error = assertThrows(RegistryException.class, () -> files.loadInto(registry));

        assertTrue(error.getMessage().contains(good.toString()), error.getMessage());
        assertEquals(List.of(1), registry.all().stream().map(Twin::id).toList());
    }
}
