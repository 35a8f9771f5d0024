package dev.rmbee.identity.sr25519;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * schnorrkel's signing, {@code R = r·B}, {@code s = k·a + r}, in constant time for everything that
 * depends on the secret scalar {@code a} or the nonce {@code r}: {@link FixedBaseMultiplier},
 * {@link ConstantTimeRistretto} and {@link ScalarModL}. The nonce is schnorrkel's witness scalar:
 * drawn from the transcript (context, message, public key) keyed with the key's secret nonce seed
 * and 32 fresh random bytes, so it does not repeat even if the random source does, and a broken
 * random source alone does not expose the key.
 *
 * <p>Each thread keeps its own {@link Workspace}; a signature allocates nothing but what the caller
 * passes in (and whatever {@link SecureRandom#nextBytes} allocates inside the JDK).
 */
final class Sr25519Signing {

    private static final byte[] SIGNING = MerlinTranscript.ascii("signing");

    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    private Sr25519Signing() {}

    /** The compressed Ristretto public key {@code a·B} of a secret scalar (32 bytes, below 2^255). */
    static byte[] publicKey(byte[] secretScalar) {
        Workspace w = WORKSPACES.get();
        byte[] publicKey = new byte[Sr25519.PUBLIC_KEY_LENGTH];
        FixedBaseMultiplier.multiply(secretScalar, w.point, w.multiplier);
        ConstantTimeRistretto.encode(w.point, publicKey, 0, w.encoder);
        w.wipe();
        return publicKey;
    }

    /**
     * Writes the 64-byte marked signature of {@code message} under {@code context} at {@code
     * out[offset]}.
     */
    static void sign(
            byte[] context,
            byte[] message,
            byte[] secretScalar,
            byte[] nonceSeed,
            byte[] publicKey,
            SecureRandom random,
            byte[] out,
            int offset) {
        Workspace w = WORKSPACES.get();
        MerlinTranscript t = w.transcript;
        t.setTo(Sr25519.prefix(context));
        Sr25519.beginSchnorr(t, message, publicKey);

        random.nextBytes(w.entropy);
        t.witnessBytes(w.fork, SIGNING, nonceSeed, w.entropy, w.wide);
        ScalarModL.reduceWide(w.wide, w.nonce, w.limbs);
        FixedBaseMultiplier.multiply(w.nonce, w.point, w.multiplier);
        ConstantTimeRistretto.encode(w.point, w.commitment, 0, w.encoder);

        Sr25519.challenge(t, w.commitment, w.wide, w.challenge, w.limbs);
        ScalarModL.mulAdd(w.challenge, secretScalar, w.nonce, w.response, w.limbs);
        System.arraycopy(w.commitment, 0, out, offset, 32);
        System.arraycopy(w.response, 0, out, offset + 32, 32);
        out[offset + 63] |= (byte) Sr25519.MARKER;
        w.wipe();
    }

    /** One thread's buffers: transcripts, points, limbs and byte strings of a signature. */
    private static final class Workspace {
        final MerlinTranscript transcript = new MerlinTranscript(SIGNING);
        final MerlinTranscript fork = new MerlinTranscript(SIGNING);
        final FixedBaseMultiplier.Workspace multiplier = new FixedBaseMultiplier.Workspace();
        final ConstantTimeRistretto.Workspace encoder = new ConstantTimeRistretto.Workspace();
        final ExtendedPoint point = new ExtendedPoint();
        final long[] limbs = new long[ScalarModL.SCRATCH_LONGS];
        final byte[] entropy = new byte[32];
        final byte[] wide = new byte[64];
        final byte[] nonce = new byte[32];
        final byte[] commitment = new byte[32];
        final byte[] challenge = new byte[32];
        final byte[] response = new byte[32];

        /** Clears what derives from secrets (the nonce, its digits and limbs), not left for a heap dump. */
        void wipe() {
            Arrays.fill(entropy, (byte) 0);
            Arrays.fill(wide, (byte) 0);
            Arrays.fill(nonce, (byte) 0);
            Arrays.fill(limbs, 0);
            Arrays.fill(multiplier.digits, 0);
            Arrays.fill(point.x, 0);
            Arrays.fill(point.y, 0);
            Arrays.fill(point.z, 0);
            Arrays.fill(point.t, 0);
        }
    }
}
