package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class VectorsTest {

    /** Set by surefire from the pom: the team's shared vectors beside the checkout. */
    static final String SHARED_DIR_PROPERTY = "rmb.shared.vectors.dir";

    @Test
    void findsAndParsesTheProjectsCopyOfTheVectors() {
        assertTrue(
                Files.isRegularFile(Vectors.dir().resolve("keys.json")),
                Vectors.dir().toString());
        assertEquals(
                "bottom drive obey lake curtain smoke basket hold race lonely fit walk",
                Vectors.load("keys.json").getString("dev_phrase"));
    }

    @Test
    void theCopyIsIdenticalToTheSharedVectorsFileByFile() throws IOException {
        Path shared = sharedDir();
        Assumptions.assumeTrue(
                Files.isDirectory(shared),
                "no shared vectors at " + shared + " (a clone outside the team's workspace): the drift check has"
                        + " nothing to compare the project's copy with");
        SortedSet<String> expected = files(shared);
        assertEquals(expected, files(Vectors.dir()), "the same files in the copy as in " + shared);
        for (String file : expected) {
            byte[] original = Files.readAllBytes(shared.resolve(file));
            byte[] copy = Files.readAllBytes(Vectors.dir().resolve(file));
            assertTrue(
                    Arrays.equals(original, copy),
                    file + " differs from " + shared.resolve(file) + ": copy the shared vectors into "
                            + Vectors.DEFAULT_DIR);
        }
    }

    @Test
    void decodesHexWithAndWithoutPrefix() {
        assertArrayEquals(new byte[] {0x01, (byte) 0xab}, Vectors.hex("0x01AB"));
        assertArrayEquals(new byte[] {0x01, (byte) 0xab}, Vectors.hex("01ab"));
        assertArrayEquals(new byte[0], Vectors.hex("0x"));
    }

    private static Path sharedDir() {
        String configured = System.getProperty(SHARED_DIR_PROPERTY);
        Path dir =
                configured == null || configured.isBlank() ? Path.of("..", "shared", "vectors") : Path.of(configured);
        return dir.toAbsolutePath().normalize();
    }

    private static SortedSet<String> files(Path root) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .forEach(file -> names.add(root.relativize(file).toString()));
        }
        return names;
    }
}
