package dev.rmbee.testing;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log files of the integration tests' Liberty servers: each server's {@code logs} directory
 * under the build's Liberty ({@code it.liberty.dir}), and the JSON records of a console log written
 * with Liberty's JSON format (relay 2 runs with {@code WLP_LOGGING_CONSOLE_FORMAT=JSON}).
 */
public final class ServerLogs {

    private ServerLogs() {}

    /** The {@code logs} directory of the server {@code name}. */
    public static Path dir(String name) {
        Path wlp = Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"));
        return wlp.resolve("usr").resolve("servers").resolve(name).resolve("logs");
    }

    /** Relay 2's console log ({@link EmbeddedRelayServer}). */
    public static Path embeddedRelayConsole() {
        return dir(System.getProperty("it.embedded.server.name", "embedded-relay"))
                .resolve("console.log");
    }

    /** The JSON records of a log file so far, oldest first; lines that are not JSON objects are left out. */
    public static List<JsonObject> jsonRecords(Path file) {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<JsonObject> records = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("{")) {
                continue;
            }
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                records.add(reader.readObject());
            } catch (JsonException e) {
                // a line being written while we read it
            }
        }
        return records;
    }
}
