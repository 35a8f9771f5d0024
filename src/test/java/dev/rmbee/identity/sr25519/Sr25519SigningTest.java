package dev.rmbee.identity.sr25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The constant-time signer against {@link ElisabethSchnorrkel}, a schnorrkel signer and verifier on
 * elisabeth's group and scalars (the project's previous signer): byte-identical signatures for the same randomness,
 * and signatures of each side accepted by the other, over thousands of seeded random keys,
 * messages and contexts.
 */
class Sr25519SigningTest {

    private static final byte[] OTHER_CONTEXT = MerlinTranscript.ascii("rmb-test");

    private final Random random = new Random(20261204);

    /** A SecureRandom that replays a seeded sequence, so two signers can be given the same bytes. */
    static final class SeededRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient Random source;

        SeededRandom(long seed) {
            source = new Random(seed);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }
    }

    private static boolean elisabethVerifies(byte[] context, byte[] publicKey, byte[] message, byte[] signature) {
        return ElisabethSchnorrkel.verifies(context, publicKey, message, signature);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] randomMessage() {
        return randomBytes(random.nextInt(4) == 0 ? random.nextInt(400) : 16);
    }

    @Test
    void theSameRandomnessGivesElisabethsSignatureByteForByte() {
        for (int i = 0; i < 500; i++) {
            byte[] miniSecret = randomBytes(32);
            byte[] context = i % 5 == 0 ? OTHER_CONTEXT : Sr25519.SUBSTRATE_CONTEXT;
            byte[] message = randomMessage();
            Sr25519KeyPair ours = Sr25519.fromMiniSecret(miniSecret);
            ElisabethSchnorrkel theirs = ElisabethSchnorrkel.fromMiniSecret(miniSecret);
            assertArrayEquals(theirs.publicKey(), ours.publicKey(), "public key, case " + i);
            long seed = random.nextLong();
            assertArrayEquals(
                    theirs.sign(context, message, new SeededRandom(seed)),
                    ours.sign(context, message, new SeededRandom(seed)),
                    "case " + i);
        }
    }

    @Test
    void ourSignaturesVerifyWithElisabethAndWithOurs() {
        for (int i = 0; i < 2000; i++) {
            Sr25519KeyPair pair = Sr25519.fromMiniSecret(randomBytes(32));
            byte[] publicKey = pair.publicKey();
            byte[] message = randomMessage();
            byte[] signature = pair.sign(message);
            assertTrue(elisabethVerifies(Sr25519.SUBSTRATE_CONTEXT, publicKey, message, signature), "case " + i);
            assertTrue(Sr25519.verify(publicKey, message, signature), "case " + i);

            byte[] tampered = signature.clone();
            tampered[random.nextInt(63)] ^= (byte) (1 << random.nextInt(8));
            assertFalse(elisabethVerifies(Sr25519.SUBSTRATE_CONTEXT, publicKey, message, tampered), "case " + i);
            assertFalse(Sr25519.verify(publicKey, message, tampered), "case " + i);
        }
    }

    @Test
    void elisabethsSignaturesVerifyWithOurs() {
        SecureRandom secureRandom = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            ElisabethSchnorrkel key = ElisabethSchnorrkel.fromMiniSecret(randomBytes(32));
            byte[] context = i % 5 == 0 ? OTHER_CONTEXT : Sr25519.SUBSTRATE_CONTEXT;
            byte[] message = randomMessage();
            byte[] signature = key.sign(context, message, secureRandom);
            assertTrue(Sr25519.verify(context, key.publicKey(), message, signature), "case " + i);
            message = Arrays.copyOf(message, message.length + 1);
            assertFalse(Sr25519.verify(context, key.publicKey(), message, signature), "case " + i);
        }
    }

    @Test
    void signIntoWritesTheSignatureAtItsOffsetAndNothingElse() {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(randomBytes(32));
        byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[66];
        Arrays.fill(out, (byte) 0x5a);
        pair.signInto(message, out, 1);
        assertEquals(0x5a, out[0]);
        assertEquals(0x5a, out[65]);
        assertTrue(Sr25519.verify(pair.publicKey(), message, Arrays.copyOfRange(out, 1, 65)));
        assertThrows(IllegalArgumentException.class, () -> pair.signInto(message, new byte[64], 1));
        assertThrows(IllegalArgumentException.class, () -> pair.signInto(message, out, -1));
    }

    @Test
    void threadsSigningAtOnceEachGetValidSignatures() throws Exception {
        Sr25519KeyPair pair = Sr25519.fromMiniSecret(randomBytes(32));
        byte[] publicKey = pair.publicKey();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                byte[] message = {(byte) task, 1, 2, 3};
                Callable<Boolean> signMany = () -> {
                    boolean allValid = true;
                    for (int i = 0; i < 200; i++) {
                        allValid &=
                                elisabethVerifies(Sr25519.SUBSTRATE_CONTEXT, publicKey, message, pair.sign(message));
                    }
                    return allValid;
                };
                results.add(pool.submit(signMany));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
