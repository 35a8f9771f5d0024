package dev.rmbee.registry;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrator's changes kept in a file ({@code rmb.registry.admin-file}), so that they survive
 * a restart: {@code {"twins":[…],"deleted":[…]}}, the twins put in the registry-file format and the
 * ids deleted. Read at start, after the registry files; a file that does not exist yet is no change,
 * one that cannot be read or is invalid fails the start naming it (and is left as it is). Each
 * change writes the whole file anew (a temporary file beside it, flushed to disk, then renamed over
 * it), then takes effect; a change whose file cannot be written changes nothing.
 */
public final class FileAdminTwins implements AdminTwinStore {

    private final LocalTwinRegistry registry;
    private final Path file;

    private FileAdminTwins(LocalTwinRegistry registry, Path file) {
        this.registry = registry;
        this.file = file;
    }

    /**
     * Reads {@code file} (when it exists) into the registry's administrator's changes.
     *
     * @throws RegistryException naming the file when it cannot be read or is invalid
     */
    public static FileAdminTwins open(LocalTwinRegistry registry, Path file) throws RegistryException {
        registry.replaceAdminTwins(read(file));
        return new FileAdminTwins(registry, file);
    }

    @Override
    public synchronized Optional<Twin> put(Twin twin) throws AdminStoreException {
        Map<Integer, Optional<Twin>> changes = registry.adminTwins();
        changes.put(twin.id(), Optional.of(twin));
        write(changes);
        return registry.setAdminTwin(twin.id(), Optional.of(twin));
    }

    @Override
    public synchronized Optional<Twin> delete(int twinId) throws AdminStoreException {
        if (registry.find(twinId).isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, Optional<Twin>> changes = registry.adminTwins();
        changes.put(twinId, Optional.empty());
        write(changes);
        return registry.setAdminTwin(twinId, Optional.empty());
    }

    @Override
    public synchronized LocalTwinRegistry.Reload reload(RegistryFiles files) throws RegistryException {
        Collection<Twin> fileTwins = files.read();
        Map<Integer, Optional<Twin>> changes = registry.adminTwins();
        fileTwins.forEach(twin -> changes.remove(twin.id()));
        write(changes);
        return registry.replaceFileTwins(fileTwins);
    }

    @Override
    public String where() {
        return file.toAbsolutePath().toString();
    }

    static Map<Integer, Optional<Twin>> read(Path file) throws RegistryException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = Json.createReader(reader)) {
            root = json.readObject();
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new RegistryException("cannot read the admin's twins file " + file + ": " + e.getMessage(), e);
        } catch (JsonParsingException | ClassCastException e) {
            throw new RegistryException("the admin's twins file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        try {
            Map<Integer, Optional<Twin>> changes = new LinkedHashMap<>();
            TwinFiles.parse(root).forEach(twin -> changes.put(twin.id(), Optional.of(twin)));
            deleted(root).forEach(id -> changes.put(id, Optional.empty()));
            return changes;
        } catch (IllegalArgumentException e) {
            throw new RegistryException("the admin's twins file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Iterable<Integer> deleted(JsonObject root) {
        JsonValue value = root.get("deleted");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray ids)) {
            throw new IllegalArgumentException("\"deleted\" must be an array of twin ids");
        }
        List<Integer> list = new ArrayList<>();
        for (JsonValue id : ids) {
            if (!(id instanceof JsonNumber number)
                    || !number.isIntegral()
                    || number.longValue() < 1
                    || number.longValue() > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("\"deleted\" must hold twin ids from 1 to 4294967295, not " + id);
            }
            list.add((int) number.longValue());
        }
        return list;
    }

    /** Writes {@code changes} to a temporary file beside the file, flushed, then renamed over it. */
    private void write(Map<Integer, Optional<Twin>> changes) throws AdminStoreException {
        byte[] content = format(changes).getBytes(StandardCharsets.UTF_8);
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw new AdminStoreException(
                    "cannot write the admin's twins file " + file + ": " + e.getMessage() + " (nothing changed)", e);
        }
    }

    static String format(Map<Integer, Optional<Twin>> changes) {
        JsonArrayBuilder twins = Json.createArrayBuilder();
        JsonArrayBuilder deleted = Json.createArrayBuilder();
        changes.forEach((id, twin) -> twin.ifPresentOrElse(
                put -> twins.add(TwinFiles.toJson(put)), () -> deleted.add(Integer.toUnsignedLong(id))));
        JsonObject root = Json.createObjectBuilder()
                .add("twins", twins)
                .add("deleted", deleted)
                .build();
        StringWriter text = new StringWriter();
        try (JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(text)) {
            writer.writeObject(root);
        }
        return text.toString().strip() + "\n";
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // the write failed already; a leftover temporary file is harmless
            }
        }
    }
}
