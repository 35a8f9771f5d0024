package dev.rmbee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** Access to the shared test vectors (dir from system property {@code rmb.vectors.dir}, default {@code ../shared/vectors}). */
public final class Vectors {

    private Vectors() {
    }

    public static Path dir() {
        return Paths.get(System.getProperty("rmb.vectors.dir", "../shared/vectors"));
    }

    public static JsonObject load(String fileName) {
        Path file = dir().resolve(fileName);
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vector file " + file.toAbsolutePath(), e);
        }
    }

    /** Decodes hex with or without a {@code 0x} prefix. */
    public static byte[] hex(String maybe0xHex) {
        String s = maybe0xHex.startsWith("0x") || maybe0xHex.startsWith("0X") ? maybe0xHex.substring(2) : maybe0xHex;
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length: " + maybe0xHex);
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex: " + maybe0xHex);
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
