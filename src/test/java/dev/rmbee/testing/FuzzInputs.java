package dev.rmbee.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Hostile inputs for the fuzz tests, from a seeded {@link Random} (a failure names its seed and
 * case, so it can be replayed): mutations of valid inputs (bit flips, bytes replaced, inserted or
 * removed, truncation, a slice repeated), random bytes, and JSON-shaped trouble (nesting thousands
 * deep, numbers of thousands of digits, unbalanced brackets) put anywhere in a valid text.
 */
public final class FuzzInputs {

    private static final List<String> JSON_TROUBLE = List.of(
            "[".repeat(5000),
            "{\"a\":".repeat(1001) + "1" + "}".repeat(1001),
            "[".repeat(1001) + "]".repeat(1001),
            "9".repeat(5000),
            "1e999999999",
            "-0.0e-99999",
            "\"\\ud800\"",
            "\"\\u0000\"",
            "\u0000",
            "}",
            "]",
            ",",
            ":",
            "\"",
            "null",
            "true",
            "{}",
            "[]",
            "\"" + "x".repeat(100_000) + "\"");

    private final long seed;
    private final Random random;

    public FuzzInputs(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** One mutation of {@code valid}, chosen at random. */
    public byte[] mutate(byte[] valid) {
        byte[] bytes = valid.clone();
        switch (random.nextInt(7)) {
            case 0 -> flipBits(bytes);
            case 1 -> replaceBytes(bytes);
            case 2 -> {
                return insert(bytes, randomBytes(1 + random.nextInt(16)));
            }
            case 3 -> {
                return remove(bytes);
            }
            case 4 -> {
                return Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            }
            case 5 -> {
                return repeatSlice(bytes);
            }
            default -> {
                return randomBytes(random.nextInt(2 * bytes.length + 2));
            }
        }
        return bytes;
    }

    /** A mutation of the JSON text {@code valid}: {@link #mutate} or trouble put somewhere in it. */
    public String mutateJson(String valid) {
        if (random.nextBoolean()) {
            return new String(mutate(valid.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        String trouble = JSON_TROUBLE.get(random.nextInt(JSON_TROUBLE.size()));
        int at = random.nextInt(valid.length() + 1);
        return random.nextBoolean()
                ? valid.substring(0, at) + trouble + valid.substring(at)
                : valid.substring(0, at) + trouble + valid.substring(Math.min(valid.length(), at + random.nextInt(8)));
    }

    public byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** For a failure message: the seed, the case, and the input (cut). */
    public String describe(int round, byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 200));
        return "seed " + seed + ", case " + round + ", " + input.length + " bytes: " + hex
                + (input.length > 200 ? "…" : "");
    }

    public String describe(int round, String input) {
        return "seed " + seed + ", case " + round + ", " + input.length() + " chars: "
                + (input.length() > 200 ? input.substring(0, 200) + "…" : input);
    }

    private void flipBits(byte[] bytes) {
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
    }

    private void replaceBytes(byte[] bytes) {
        for (int i = 0, count = 1 + random.nextInt(4); i < count && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
    }

    private byte[] insert(byte[] bytes, byte[] inserted) {
        int at = random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    private byte[] remove(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int length = 1 + random.nextInt(Math.min(16, bytes.length - at));
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        return out;
    }

    private byte[] repeatSlice(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int length = 1 + random.nextInt(Math.min(32, bytes.length - at));
        byte[] slice = Arrays.copyOfRange(bytes, at, at + length);
        byte[] out = bytes;
        for (int i = 0, times = 1 + random.nextInt(50); i < times; i++) {
            out = insert(out, slice);
        }
        return out;
    }
}
