package dev.rmbee.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Node.js programs the tests run (the official client, the test chain node): {@code node} must
 * be on the PATH — without it a test is skipped with a message on a developer's machine and fails
 * on CI ({@code CI=true}), where it must run — and a folder's pinned packages are installed once
 * with {@code npm ci}.
 */
final class NodePackages {

    private NodePackages() {}

    /**
     * Installs the packages of {@code dir} unless {@code marker} (a file inside it) shows they are
     * there; skips or fails the calling test without Node.js.
     *
     * @param usedFor what the tests run with Node.js, for the message when it is missing
     */
    static void ensureInstalled(Path dir, String marker, String usedFor) {
        String version;
        try {
            version = run(List.of("node", "--version"), dir.getParent());
        } catch (IOException e) {
            String reason = "Node.js (`node`, 18 or newer) is not on the PATH: " + usedFor;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason, e);
            }
            Assumptions.abort(reason + "; skipped");
            return;
        }
        if (!Files.isRegularFile(dir.resolve(marker))) {
            try {
                run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir);
            } catch (IOException e) {
                throw new AssertionError("`npm ci` failed in " + dir + " (node " + version + "): " + e.getMessage(), e);
            }
        }
    }

    /** Runs a command in {@code directory} and returns its output; a non-zero exit is an IOException. */
    private static String run(List<String> command, Path directory) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
