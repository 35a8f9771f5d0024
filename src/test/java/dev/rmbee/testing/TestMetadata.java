package dev.rmbee.testing;

import dev.rmbee.chain.metadata.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two tfchain metadata blobs of the chain vectors, as bytes (for tests that tamper with a copy)
 * and parsed once per test JVM: spec 149 (raw {@code metadata-spec149.scale}) and spec 144 (the hex
 * text of a {@code state_getMetadata} answer, {@code metadata-spec144.hex}).
 */
public final class TestMetadata {

    public static final String SPEC149 = "chain/metadata-spec149.scale";
    public static final String SPEC144 = "chain/metadata-spec144.hex";

    private static volatile Metadata spec149;
    private static volatile Metadata spec144;

    private TestMetadata() {}

    /** A fresh copy of the spec 149 metadata bytes. */
    public static byte[] spec149Bytes() {
        return read(SPEC149);
    }

    /** A fresh copy of the spec 144 metadata bytes (decoded from its hex). */
    public static byte[] spec144Bytes() {
        return Vectors.hex(new String(read(SPEC144), StandardCharsets.US_ASCII).strip());
    }

    /** The hex text of the spec 144 {@code state_getMetadata} answer. */
    public static String spec144Hex() {
        return new String(read(SPEC144), StandardCharsets.US_ASCII);
    }

    public static Metadata spec149() {
        Metadata parsed = spec149;
        if (parsed == null) {
            parsed = Metadata.parse(spec149Bytes());
            spec149 = parsed;
        }
        return parsed;
    }

    public static Metadata spec144() {
        Metadata parsed = spec144;
        if (parsed == null) {
            parsed = Metadata.parseHex(spec144Hex());
            spec144 = parsed;
        }
        return parsed;
    }

    private static byte[] read(String name) {
        Path file = Vectors.dir().resolve(name);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
