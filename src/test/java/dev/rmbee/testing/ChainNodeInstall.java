package dev.rmbee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Puts the test chain node ({@code src/test/chain-node}) in {@link #dir()} with its pinned
 * packages: the build copies the scripts there at pre-integration-test; a run that skipped that
 * phase ({@code mvn test-compile failsafe:integration-test}) gets them copied here from
 * {@link #SOURCE_PROPERTY}; {@code npm ci} runs once.
 */
final class ChainNodeInstall {

    /** Set by failsafe from the pom; the fallback suits a run from the checkout root. */
    static final String DIR_PROPERTY = "rmb.chain-node.dir";
    /** The scripts' source folder; default {@code src/test/chain-node}. */
    static final String SOURCE_PROPERTY = "rmb.chain-node.source";

    private ChainNodeInstall() {}

    static Path dir() {
        return configured(DIR_PROPERTY, Path.of("target", "chain-node"));
    }

    private static Path source() {
        return configured(SOURCE_PROPERTY, Path.of("src", "test", "chain-node"));
    }

    private static Path configured(String property, Path fallback) {
        String configured = System.getProperty(property);
        Path dir = configured == null || configured.isBlank() ? fallback : Path.of(configured);
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Makes sure {@code node} runs and the node's packages are installed; without Node.js the test
     * is skipped with a message (and fails on CI, {@code CI=true}).
     */
    static synchronized void ensureInstalled() {
        copySources();
        if (!Files.isRegularFile(dir().resolve("chain-node.cjs"))) {
            throw new AssertionError("chain-node.cjs is not in " + dir() + ": the build's pre-integration-test phase "
                    + "copies src/test/chain-node there");
        }
        NodePackages.ensureInstalled(
                dir(),
                "node_modules/@polkadot/types/package.json",
                "the tfchain tests run a test chain node (src/test/chain-node, polkadot-js) as a child process");
    }

    /** Copies the scripts and package files (not node_modules) when the source folder is there. */
    private static void copySources() {
        Path source = source();
        if (!Files.isDirectory(source) || source.equals(dir())) {
            return;
        }
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(dir());
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir().resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + dir(), e);
        }
    }
}
