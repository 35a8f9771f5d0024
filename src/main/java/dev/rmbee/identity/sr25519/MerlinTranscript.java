package dev.rmbee.identity.sr25519;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Merlin transcript (merlin 2.x, the Fiat-Shamir framing schnorrkel uses) over STROBE-128.
 * Every message and challenge is framed as meta-AD(label) then meta-AD(u32 LE length), so
 * the byte stream is unambiguous. Not thread-safe: use one instance per operation, or {@link #copy()}.
 */
final class MerlinTranscript {

    private static final byte[] MERLIN_PROTOCOL = ascii("Merlin v1.0");
    private static final byte[] DOM_SEP = ascii("dom-sep");
    private static final byte[] RNG = ascii("rng");

    private final Strobe128 strobe;

    /** A fresh transcript for the protocol {@code label}. */
    MerlinTranscript(byte[] label) {
        strobe = new Strobe128(MERLIN_PROTOCOL);
        appendMessage(DOM_SEP, label);
    }

    private MerlinTranscript(Strobe128 strobe) {
        this.strobe = strobe;
    }

    /** An independent copy: lets a fixed prefix (e.g. a signing context) be computed once. */
    MerlinTranscript copy() {
        return new MerlinTranscript(strobe.copy());
    }

    /** Overwrites this transcript with the state of {@code other}: a copy that allocates nothing. */
    void setTo(MerlinTranscript other) {
        strobe.setTo(other.strobe);
    }

    /**
     * merlin's witness RNG in one call and without allocation: forks this transcript into {@code
     * fork} (which it overwrites), keys the fork with the secret {@code witness} and then with
     * {@code entropy}, and fills {@code dest} from it. The same as {@code
     * buildRng().rekeyWithWitnessBytes(label, witness).finish(random).fillBytes(dest)} with
     * {@code entropy} the 32 bytes {@code random} would give.
     */
    void witnessBytes(MerlinTranscript fork, byte[] label, byte[] witness, byte[] entropy, byte[] dest) {
        fork.setTo(this);
        rekeyWithWitness(fork.strobe, label, witness);
        rekeyWithEntropy(fork.strobe, entropy);
        fill(fork.strobe, dest);
    }

    void appendMessage(byte[] label, byte[] message) {
        strobe.metaAd(label, false);
        strobe.metaAdU32(message.length, true);
        strobe.ad(message, false);
    }

    /** Fills {@code dest} with challenge bytes bound to everything appended so far. */
    void challengeBytes(byte[] label, byte[] dest) {
        strobe.metaAd(label, false);
        strobe.metaAdU32(dest.length, true);
        strobe.prf(dest, false);
    }

    /** Forks the transcript into an RNG builder; the transcript itself is not changed. */
    RngBuilder buildRng() {
        return new RngBuilder(strobe.copy());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Builds a nonce RNG bound to the transcript, to secret witness bytes and to fresh
     * randomness: a bad RNG alone cannot leak the key, and a nonce never repeats by accident.
     */
    static final class RngBuilder {
        private final Strobe128 strobe;

        private RngBuilder(Strobe128 strobe) {
            this.strobe = strobe;
        }

        RngBuilder rekeyWithWitnessBytes(byte[] label, byte[] witness) {
            rekeyWithWitness(strobe, label, witness);
            return this;
        }

        /** Mixes in 32 bytes from {@code random} (merlin's {@code finalize}). */
        TranscriptRng finish(SecureRandom random) {
            byte[] entropy = new byte[32];
            random.nextBytes(entropy);
            rekeyWithEntropy(strobe, entropy);
            return new TranscriptRng(strobe);
        }
    }

    /** The finished RNG; each call is framed with its output length, like merlin's {@code fill_bytes}. */
    static final class TranscriptRng {
        private final Strobe128 strobe;

        private TranscriptRng(Strobe128 strobe) {
            this.strobe = strobe;
        }

        void fillBytes(byte[] dest) {
            fill(strobe, dest);
        }
    }

    private static void rekeyWithWitness(Strobe128 strobe, byte[] label, byte[] witness) {
        strobe.metaAd(label, false);
        strobe.metaAdU32(witness.length, true);
        strobe.key(witness, false);
    }

    private static void rekeyWithEntropy(Strobe128 strobe, byte[] entropy) {
        strobe.metaAd(RNG, false);
        strobe.key(entropy, false);
    }

    /** Each draw is framed with its output length, like merlin's {@code fill_bytes}. */
    private static void fill(Strobe128 strobe, byte[] dest) {
        strobe.metaAdU32(dest.length, false);
        strobe.prf(dest, false);
    }
}
