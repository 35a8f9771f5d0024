package dev.rmbee.identity.secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * A parsed Substrate secret URI: {@code <phrase>//hard/soft///password}, as sp-core reads it.
 *
 * <ul>
 *   <li>phrase: a BIP-39 mnemonic, or {@code 0x} + 64 hex digits (the 32-byte seed itself);
 *       when omitted (e.g. {@code //Alice}) the Substrate dev phrase is used;</li>
 *   <li>path: junctions, {@code //x} hard and {@code /x} soft;</li>
 *   <li>password: everything after the first {@code ///}, used as the mnemonic's PBKDF2 salt suffix.</li>
 * </ul>
 *
 * <p>Deviations from sp-core, both stricter: an empty or blank secret is rejected (sp-core would
 * silently give the dev root key), and a password together with a hex seed is rejected (sp-core
 * silently ignores it).
 *
 * <p>{@link #toString()} reveals nothing of the secret.
 */
public final class SecretUri {

    /** Substrate's well-known development phrase (the root of {@code //Alice}, {@code //Bob}, …). */
    public static final String DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    private static final int CHAIN_CODE_LENGTH = 32;

    private final String phrase; // never null: DEV_PHRASE when omitted
    private final boolean devPhrase;
    private final List<Junction> junctions;
    private final String password; // null when absent

    private SecretUri(String phrase, boolean devPhrase, List<Junction> junctions, String password) {
        this.phrase = phrase;
        this.devPhrase = devPhrase;
        this.junctions = junctions;
        this.password = password;
    }

    /**
     * Parses a secret URI. Checks its structure and, for a hex phrase, the hex; a mnemonic is only
     * checked when the seed is computed ({@link #rootSeed()}).
     *
     * @throws InvalidSecretException with a message that does not contain the secret
     */
    public static SecretUri parse(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidSecretException("invalid secret: the secret is empty");
        }
        String rest = secret;
        String password = null;
        int pw = rest.indexOf("///");
        if (pw >= 0) {
            password = rest.substring(pw + 3);
            rest = rest.substring(0, pw);
        }
        int slash = rest.indexOf('/');
        String phrase = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);

        List<Junction> junctions = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            // path[i] == '/'
            boolean hard = i + 1 < path.length() && path.charAt(i + 1) == '/';
            int start = i + (hard ? 2 : 1);
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end == start) {
                throw new InvalidSecretException(
                        "invalid secret URI: derivation junction " + (junctions.size() + 1) + " is empty");
            }
            junctions.add(new Junction(hard, chainCode(path.substring(start, end))));
            i = end;
        }

        boolean dev = phrase.isBlank();
        String effectivePhrase = dev ? DEV_PHRASE : phrase.strip();
        if (!dev && isHex(effectivePhrase)) {
            decodeHexSeed(effectivePhrase); // validate early; the bytes are decoded again on use
            if (password != null) {
                throw new InvalidSecretException("invalid secret URI: a password cannot be used with a hex seed");
            }
        }
        return new SecretUri(effectivePhrase, dev, Collections.unmodifiableList(junctions), password);
    }

    /** True when the phrase is a {@code 0x} hex seed. */
    public boolean isHexSeed() {
        return isHex(phrase);
    }

    /** True when no phrase was given and the dev phrase is used. */
    public boolean usesDevPhrase() {
        return devPhrase;
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** The derivation path, in order. */
    public List<Junction> junctions() {
        return junctions;
    }

    /**
     * The 32-byte root seed (mini secret) before derivation: the hex seed's bytes, or the mnemonic's
     * substrate-bip39 mini secret with this URI's password.
     *
     * @throws InvalidSecretException for an invalid mnemonic
     */
    public byte[] rootSeed() {
        if (isHexSeed()) {
            return decodeHexSeed(phrase);
        }
        return Bip39.miniSecret(phrase, password);
    }

    @Override
    public String toString() {
        return "SecretUri[" + (isHexSeed() ? "hex seed" : devPhrase ? "dev phrase" : "mnemonic") + ", junctions="
                + junctions.size() + (password != null ? ", password" : "") + "]";
    }

    private static boolean isHex(String phrase) {
        return phrase.startsWith("0x");
    }

    /** {@code 0x} + exactly 64 hex digits (either case) → 32 bytes. */
    static byte[] decodeHexSeed(String phrase) {
        String digits = phrase.substring(2);
        for (int k = 0; k < digits.length(); k++) {
            if (hexValue(digits.charAt(k)) < 0) {
                throw new InvalidSecretException("invalid hex seed: invalid hex (not a hexadecimal string)");
            }
        }
        if (digits.length() % 2 != 0) {
            throw new InvalidSecretException("invalid hex seed: invalid hex (odd number of digits)");
        }
        if (digits.length() != 2 * CHAIN_CODE_LENGTH) {
            throw new InvalidSecretException(
                    "invalid hex seed: bad hex length, expected 32 bytes, found " + digits.length() / 2 + " bytes");
        }
        byte[] out = new byte[32];
        for (int k = 0; k < 32; k++) {
            out[k] = (byte) (hexValue(digits.charAt(2 * k)) << 4 | hexValue(digits.charAt(2 * k + 1)));
        }
        return out;
    }

    /** ASCII hex digit value, or -1. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * sp-core's junction chain code: the SCALE encoding of the junction text (a u64 if it parses as
     * one, 8 bytes little-endian; otherwise a compact-length-prefixed UTF-8 string), blake2b-256 of it
     * when longer than 32 bytes, else zero-padded to 32 bytes.
     */
    static byte[] chainCode(String text) {
        byte[] encoded;
        Long number = parseU64(text);
        if (number != null) {
            encoded = new byte[8];
            long v = number;
            for (int k = 0; k < 8; k++) {
                encoded[k] = (byte) (v >>> (8 * k));
            }
        } else {
            encoded = scaleString(text);
        }
        if (encoded.length > CHAIN_CODE_LENGTH) {
            Blake2bDigest blake = new Blake2bDigest(256);
            blake.update(encoded, 0, encoded.length);
            byte[] out = new byte[CHAIN_CODE_LENGTH];
            blake.doFinal(out, 0);
            return out;
        }
        return Arrays.copyOf(encoded, CHAIN_CODE_LENGTH);
    }

    /** Rust's {@code str::parse::<u64>}: optional '+', then ASCII digits only, at most 2^64-1. */
    private static Long parseU64(String text) {
        int start = text.startsWith("+") ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int k = start; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(text.substring(start));
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /** SCALE {@code String}: compact-encoded byte length, then the UTF-8 bytes. */
    static byte[] scaleString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 5);
        writeCompact(out, utf8.length);
        out.write(utf8, 0, utf8.length);
        return out.toByteArray();
    }

    /** SCALE compact integer (single-byte, two-byte, four-byte and big-integer modes). */
    static void writeCompact(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative length");
        }
        if (value < (1 << 6)) {
            out.write((int) (value << 2));
        } else if (value < (1 << 14)) {
            long v = value << 2 | 0b01;
            out.write((int) v);
            out.write((int) (v >>> 8));
        } else if (value < (1L << 30)) {
            long v = value << 2 | 0b10;
            for (int k = 0; k < 4; k++) {
                out.write((int) (v >>> (8 * k)));
            }
        } else {
            int bytes = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
            out.write((bytes - 4) << 2 | 0b11);
            for (int k = 0; k < bytes; k++) {
                out.write((int) (value >>> (8 * k)));
            }
        }
    }

    /** One derivation step: hard ({@code //x}) or soft ({@code /x}), with its 32-byte chain code. */
    public static final class Junction {
        private final boolean hard;
        private final byte[] chainCode;

        Junction(boolean hard, byte[] chainCode) {
            this.hard = hard;
            this.chainCode = chainCode;
        }

        public boolean isHard() {
            return hard;
        }

        /** The 32-byte chain code (a copy). */
        public byte[] chainCode() {
            return chainCode.clone();
        }

        @Override
        public String toString() {
            return hard ? "Junction[hard]" : "Junction[soft]";
        }
    }
}
