package dev.rmbee.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code messages.log} of relay 1, the Arquillian-managed server ({@code it.server.name} under
 * {@code it.liberty.dir}), for tests that check what the relay logged.
 */
public final class ServerLog {

    private ServerLog() {}

    /** Relay 1's {@code messages.log}. */
    public static Path relay1() {
        String liberty = System.getProperty("it.liberty.dir", "target/liberty/wlp");
        String server = System.getProperty("it.server.name", "rmb-it");
        return Path.of(liberty, "usr", "servers", server, "logs", "messages.log");
    }

    /** Waits (up to {@link Await#DEFAULT_TIMEOUT}) until a line of {@code log} contains {@code text}; returns the line. */
    public static String awaitLine(Path log, String text) {
        return Await.value("a line with '" + text + "' in " + log, () -> {
            if (!Files.isRegularFile(log)) {
                return Optional.empty();
            }
            // decoded leniently: a log may hold bytes that are not UTF-8
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.contains(text))
                    .findFirst();
        });
    }
}
