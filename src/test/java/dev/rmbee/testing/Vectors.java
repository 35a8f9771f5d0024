package dev.rmbee.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Loads the interoperability vectors the tests check against: the project's own copy in
 * {@code src/test/resources/vectors} (made by the official client, polkadot-js and a tfchain runtime;
 * {@link VectorsTest} keeps it identical to the team's shared set where that is present).
 */
public final class Vectors {

    /** Set by surefire/failsafe from the pom; the fallback suits a run from the checkout root. */
    public static final String DIR_PROPERTY = "rmb.vectors.dir";
    /** The project's copy, relative to the checkout root. */
    public static final String DEFAULT_DIR = "src/test/resources/vectors";

    private Vectors() {}

    /** The vectors directory: system property {@value #DIR_PROPERTY}, else {@value #DEFAULT_DIR}. */
    public static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir = configured == null || configured.isBlank() ? Path.of(DEFAULT_DIR) : Path.of(configured);
        return dir.toAbsolutePath().normalize();
    }

    /** Parses {@code fileName} in {@link #dir()} as a JSON object. */
    public static JsonObject load(String fileName) {
        Path file = dir().resolve(fileName);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vectors " + file, e);
        }
    }

    /** Decodes hex with or without a {@code 0x} prefix. */
    public static byte[] hex(String maybe0xHex) {
        String digits =
                maybe0xHex.startsWith("0x") || maybe0xHex.startsWith("0X") ? maybe0xHex.substring(2) : maybe0xHex;
        return HexFormat.of().parseHex(digits);
    }
}
