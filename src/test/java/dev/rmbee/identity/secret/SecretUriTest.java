package dev.rmbee.identity.secret;

import static dev.rmbee.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class SecretUriTest {

    private static final String DEV_MINI = "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e";
    private static final String SEED = "0x340f7341b312bcc61aeea7a76d759d809b8601cbc6d22cb2817278e346137a5d";

    @Test
    void devUri() {
        SecretUri uri = SecretUri.parse("//Alice//stash");
        assertTrue(uri.usesDevPhrase());
        assertFalse(uri.isHexSeed());
        assertFalse(uri.hasPassword());
        assertEquals(2, uri.junctions().size());
        assertTrue(uri.junctions().get(0).isHard());
        assertArrayEquals(pad(hex("14416c696365")), uri.junctions().get(0).chainCode());
        assertArrayEquals(pad(hex("147374617368")), uri.junctions().get(1).chainCode());
        assertArrayEquals(hex(DEV_MINI), uri.rootSeed());
    }

    @Test
    void phrasePathPassword() {
        SecretUri uri = SecretUri.parse(SecretUri.DEV_PHRASE + "//zebra/yak///s3cr3t/pw");
        assertFalse(uri.usesDevPhrase());
        assertTrue(uri.hasPassword());
        assertEquals(2, uri.junctions().size());
        assertTrue(uri.junctions().get(0).isHard());
        assertFalse(uri.junctions().get(1).isHard());
        // the password (with its '/') is the PBKDF2 salt suffix
        assertArrayEquals(Bip39.miniSecret(Bip39.toEntropy(SecretUri.DEV_PHRASE), "s3cr3t/pw"), uri.rootSeed());
        String text = uri.toString();
        assertFalse(
                text.contains("bottom") || text.contains("zebra") || text.contains("yak") || text.contains("s3cr3t"),
                text);
    }

    @Test
    void passwordOnlyUsesDevPhrase() {
        SecretUri uri = SecretUri.parse("///password");
        assertTrue(uri.usesDevPhrase());
        assertTrue(uri.junctions().isEmpty());
        assertArrayEquals(Bip39.miniSecret(SecretUri.DEV_PHRASE, "password"), uri.rootSeed());
    }

    @Test
    void hexSeed() {
        SecretUri uri = SecretUri.parse(SEED);
        assertTrue(uri.isHexSeed());
        assertArrayEquals(hex(SEED), uri.rootSeed());
        assertArrayEquals(
                hex(SEED),
                SecretUri.parse(SEED.toUpperCase().replace("0X", "0x")).rootSeed());
        SecretUri derived = SecretUri.parse(SEED + "//1");
        assertArrayEquals(hex(SEED), derived.rootSeed());
        assertEquals(1, derived.junctions().size());
    }

    @Test
    void numericJunctionIsU64LittleEndian() {
        assertArrayEquals(pad(hex("0100000000000000")), SecretUri.chainCode("1"));
        assertArrayEquals(pad(hex("ffffffffffffffff")), SecretUri.chainCode("18446744073709551615"));
        assertArrayEquals(pad(hex("0500000000000000")), SecretUri.chainCode("+5")); // Rust u64 parse accepts '+'
        // too big for u64, a negative number, a non-ASCII digit: strings
        assertArrayEquals(pad(scale("18446744073709551616")), SecretUri.chainCode("18446744073709551616"));
        assertArrayEquals(pad(scale("-1")), SecretUri.chainCode("-1"));
        assertArrayEquals(pad(scale("\u0661")), SecretUri.chainCode("\u0661"));
    }

    @Test
    void longJunctionIsHashed() {
        String name = "a-very-long-junction-name-that-is-longer-than-32-bytes";
        byte[] scale = scale(name);
        assertEquals(0xd8, scale[0] & 0xff); // 54 << 2
        Blake2bDigest blake = new Blake2bDigest(256);
        blake.update(scale, 0, scale.length);
        byte[] expected = new byte[32];
        blake.doFinal(expected, 0);
        assertArrayEquals(expected, SecretUri.chainCode(name));
        // 31 UTF-8 bytes + 1 length byte = 32: still padded, not hashed
        String exactly = "x".repeat(31);
        assertArrayEquals(scale(exactly), SecretUri.chainCode(exactly));
    }

    @Test
    void scaleCompact() {
        assertEquals("00", compact(0));
        assertEquals("fc", compact(63));
        assertEquals("0101", compact(64));
        assertEquals("fdff", compact(16383));
        assertEquals("02000100", compact(16384));
        assertEquals("feffffff", compact((1L << 30) - 1));
        assertEquals("0300000040", compact(1L << 30));
        assertEquals("2c", Hex.toHexString(Arrays.copyOf(SecretUri.scaleString("Ed25519HDKD"), 1)));
    }

    @Test
    void badHex() {
        InvalidSecretException e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse("0xinvalidseed"));
        assertEquals("invalid hex seed: invalid hex (not a hexadecimal string)", e.getMessage());
        String short31 = SEED.substring(0, SEED.length() - 2);
        e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse(short31));
        assertEquals("invalid hex seed: bad hex length, expected 32 bytes, found 31 bytes", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse(SEED + "0"));
        assertEquals("invalid hex seed: invalid hex (odd number of digits)", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse(SEED + "00"));
        assertEquals("invalid hex seed: bad hex length, expected 32 bytes, found 33 bytes", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse("0x"));
        assertEquals("invalid hex seed: bad hex length, expected 32 bytes, found 0 bytes", e.getMessage());
        e = assertThrows(InvalidSecretException.class, () -> SecretUri.parse(SEED + "///pw"));
        assertEquals("invalid secret URI: a password cannot be used with a hex seed", e.getMessage());
    }

    @Test
    void badStructure() {
        assertEquals(
                "invalid secret: the secret is empty",
                assertThrows(InvalidSecretException.class, () -> SecretUri.parse(""))
                        .getMessage());
        assertThrows(InvalidSecretException.class, () -> SecretUri.parse(" \n"));
        assertThrows(InvalidSecretException.class, () -> SecretUri.parse(null));
        assertEquals(
                "invalid secret URI: derivation junction 2 is empty",
                assertThrows(InvalidSecretException.class, () -> SecretUri.parse("//Alice//"))
                        .getMessage());
        assertEquals(
                "invalid secret URI: derivation junction 1 is empty",
                assertThrows(InvalidSecretException.class, () -> SecretUri.parse("/"))
                        .getMessage());
    }

    private static String compact(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecretUri.writeCompact(out, value);
        return Hex.toHexString(out.toByteArray());
    }

    private static byte[] scale(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        out[0] = (byte) (utf8.length << 2);
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        return out;
    }

    private static byte[] pad(byte[] b) {
        return Arrays.copyOf(b, 32);
    }
}
