package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rmbee.testing.LogScan;
import dev.rmbee.testing.ServerLogs;
import dev.rmbee.testing.Vectors;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No secret, mnemonic or token in any log line: after every other integration test has run (the
 * pom's {@code log-scan} execution, docs/testing.md), the logs of the Liberty servers of {@code it.log-scan.servers} —
 * {@code messages.log}, {@code console.log}, trace and FFDC files, everything under each server's
 * {@code logs} directory written during this build — are searched for every fixture twin's secret,
 * seed and mnemonic, the admin password, the IT peer's secret, the test keystore's password, and
 * anything that looks like a JWT. A finding names the file and line and shows the line masked.
 */
class LogScanIT {

    /** Members of the fixture files whose string values are secrets. */
    private static final Pattern SECRET_MEMBER =
            Pattern.compile("secret|uri|mnemonic|dev_phrase|.*seed_hex|.*sk_hex|mini_secret_hex|entropy_hex");

    /** The twins files and vectors that hold secrets. */
    private static final List<String> FIXTURES = List.of(
            "twins.json",
            "keys.json",
            "e2e.json",
            "../federation-twins.json",
            "../peer-twins.json",
            "../chain-local-twins.json");

    @Test
    void noSecretOrTokenIsInTheServersLogs() throws IOException {
        LogScan scan = new LogScan()
                .secret("the admin password (rmb.admin.password)", "it-secret")
                .secret("the IT peer's secret (rmb.peer.secret)", "//PeerA")
                .secret("the test keystore's password", required("it.tls.password"));
        for (String fixture : FIXTURES) {
            addSecrets(scan, Vectors.dir().resolve(fixture).normalize());
        }
        Instant since = Files.getLastModifiedTime(Path.of(required("it.log-scan.since")))
                .toInstant();
        List<Path> logs = Arrays.stream(required("it.log-scan.servers").split(","))
                .map(server -> ServerLogs.dir(server.trim()))
                .toList();
        // relays 2 and 3 run in every build; relay 1 (Arquillian's) only when a test deploys to it
        assertTrue(
                logs.stream().anyMatch(dir -> isFresh(dir.resolve("messages.log"), since)),
                "a messages.log of this build in one of " + logs);

        List<LogScan.Finding> findings = scan.scan(logs, since);

        if (!findings.isEmpty()) {
            fail(findings.size() + " log lines hold a secret or token (" + scan.size() + " secrets looked for):\n"
                    + findings.stream().map(LogScan.Finding::toString).collect(Collectors.joining("\n")));
        }
    }

    private static boolean isFresh(Path file, Instant since) {
        try {
            return Files.isRegularFile(file)
                    && !Files.getLastModifiedTime(file).toInstant().isBefore(since);
        } catch (IOException e) {
            return false;
        }
    }

    private static void addSecrets(LogScan scan, Path fixture) throws IOException {
        try (Reader in = Files.newBufferedReader(fixture);
                JsonReader reader = Json.createReader(in)) {
            addSecrets(scan, fixture.getFileName().toString(), reader.readValue());
        }
    }

    private static void addSecrets(LogScan scan, String where, JsonValue value) {
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (member.getValue() instanceof JsonString text
                        && SECRET_MEMBER.matcher(member.getKey()).matches()) {
                    scan.secret(where + " " + member.getKey() + " of " + label(object), text.getString());
                } else {
                    addSecrets(scan, where, member.getValue());
                }
            }
        } else if (value instanceof JsonArray array) {
            array.forEach(element -> addSecrets(scan, where, element));
        }
    }

    /** What the object is, for a report: its name, id or note, never the secret. */
    private static String label(JsonObject object) {
        for (String key : List.of("name", "id", "note")) {
            if (object.containsKey(key)) {
                return key + " " + object.get(key);
            }
        }
        return "an entry";
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property " + property + " is not set: run through the pom's log-scan "
                    + "execution (mvn verify)");
        }
        return value;
    }
}
