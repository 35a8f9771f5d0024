package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogScanTest {

    private static final String SEED = "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a";
    private static final String TOKEN = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjEsImlhdCI6MTcwMH0.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private final LogScan scan = new LogScan()
            .secret("alice's seed", SEED)
            .secret("the admin password", "it-secret")
            .secret("a mnemonic", "bottom drive obey lake curtain smoke basket hold race lonely fit walk");

    @Test
    void aCleanLogHasNoFinding() throws Exception {
        Path log = write("messages.log", "[INFO] relay started", "[INFO] session 1:app connected");
        assertEquals(List.of(), scan.scan(log));
    }

    @Test
    void aSecretIsReportedWithFileLineAndTheLineMasked() throws Exception {
        Path log = write("messages.log", "line one", "[WARNING] login with it-secret refused", "line three");
        assertEquals(
                List.of(new LogScan.Finding(log, 2, "the admin password", "[WARNING] login with *** refused")),
                scan.scan(log));
    }

    @Test
    void aHexSeedIsFoundWithoutItsPrefixAndInAnyCase() throws Exception {
        String bare = SEED.substring(2).toUpperCase();
        Path log = write("trace.log", "key bytes " + bare);
        List<LogScan.Finding> findings = scan.scan(log);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("alice's seed (hex)", findings.get(0).what());
        assertEquals("key bytes ***", findings.get(0).maskedLine());
    }

    @Test
    void aJwtIsFoundAndMasked() throws Exception {
        Path log = write("console.log", "GET /?" + TOKEN + " HTTP/1.1");
        LogScan.Finding finding = scan.scan(log).get(0);
        assertEquals("a JWT", finding.what());
        assertEquals("GET /?eyJ*** HTTP/1.1", finding.maskedLine());
        assertFalse(finding.toString().contains("eyJzdWIi"));
    }

    @Test
    void aMnemonicIsFound() throws Exception {
        Path log = write(
                "ffdc/incident.txt", "secret=bottom drive obey lake curtain smoke basket hold race lonely fit walk");
        assertEquals("a mnemonic", scan.scan(log).get(0).what());
    }

    @Test
    void filesUnderTheDirectoriesChangedBeforeTheStartAreLeftOut() throws Exception {
        Instant start = Instant.parse("2026-06-01T12:00:00Z");
        Path old = write("messages_26.05.31.log", "it-secret");
        Files.setLastModifiedTime(old, FileTime.from(start.minusSeconds(1)));
        Path current = write("ffdc/new.txt", "it-secret");
        Files.setLastModifiedTime(current, FileTime.from(start));
        List<LogScan.Finding> findings = scan.scan(List.of(dir, dir.resolve("absent")), start);
        assertEquals(
                List.of(current), findings.stream().map(LogScan.Finding::file).toList());
    }

    @Test
    void shortSecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogScan().secret("pin", "1234"));
    }

    private Path write(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, List.of(lines));
    }
}
