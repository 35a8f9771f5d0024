package dev.rmbee.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry files of {@code rmb.registry.file} (one, or several separated by commas; later files
 * win for the same id), loaded into the local registry at start and again on an administrator's
 * reload. A file that cannot be read or is invalid leaves the registry as it was.
 */
public final class RegistryFiles {

    private final List<Path> files;

    private RegistryFiles(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files the setting names; none for an absent or blank one. */
    public static RegistryFiles of(Optional<String> setting) {
        List<Path> files = new ArrayList<>();
        setting.ifPresent(value -> {
            for (String file : value.split(",")) {
                if (!file.isBlank()) {
                    files.add(Path.of(file.trim()));
                }
            }
        });
        return new RegistryFiles(files);
    }

    public List<Path> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Reads every file, then makes their twins the registry's file twins ({@link
     * LocalTwinRegistry#replaceFileTwins}) in one step.
     *
     * @throws RegistryException naming the file that cannot be read or is invalid; the registry is unchanged
     */
    public LocalTwinRegistry.Reload loadInto(LocalTwinRegistry registry) throws RegistryException {
        return registry.replaceFileTwins(read());
    }

    /**
     * The twins of all the files, a later file's twin over an earlier one's with the same id.
     *
     * @throws RegistryException naming the file that cannot be read or is invalid
     */
    public Collection<Twin> read() throws RegistryException {
        Map<Integer, Twin> twins = new LinkedHashMap<>();
        for (Path file : files) {
            for (Twin twin : TwinFiles.read(file)) {
                twins.put(twin.id(), twin);
            }
        }
        return twins.values();
    }
}
