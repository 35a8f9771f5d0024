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
            strobe.metaAd(label, false);
            strobe.metaAdU32(witness.length, true);
            strobe.key(witness, false);
            return this;
        }

        /** Mixes in 32 bytes from {@code random} (merlin's {@code finalize}). */
        TranscriptRng finish(SecureRandom random) {
            byte[] entropy = new byte[32];
            random.nextBytes(entropy);
            strobe.metaAd(RNG, false);
            strobe.key(entropy, false);
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
            strobe.metaAdU32(dest.length, false);
            strobe.prf(dest, false);
        }
    }
}
