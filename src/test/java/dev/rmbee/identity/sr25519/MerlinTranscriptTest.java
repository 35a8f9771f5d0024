package dev.rmbee.identity.sr25519;

import static dev.rmbee.identity.sr25519.MerlinTranscript.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerlinTranscriptTest {

    @Test
    void matchesMerlinsPublishedVector() {
        MerlinTranscript t = new MerlinTranscript(ascii("test protocol"));
        t.appendMessage(ascii("some label"), ascii("some data"));
        byte[] challenge = new byte[32];
        t.challengeBytes(ascii("challenge"), challenge);
        assertEquals(
                "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615",
                HexFormat.of().formatHex(challenge));
    }

    @Test
    void copyForksIndependently() {
        MerlinTranscript a = new MerlinTranscript(ascii("test protocol"));
        MerlinTranscript b = a.copy();
        a.appendMessage(ascii("some label"), ascii("some data"));
        b.appendMessage(ascii("some label"), ascii("some data"));
        byte[] ca = new byte[32];
        byte[] cb = new byte[32];
        a.challengeBytes(ascii("challenge"), ca);
        b.challengeBytes(ascii("challenge"), cb);
        assertArrayEquals(ca, cb);
    }

    @Test
    void rngDependsOnWitnessAndRandomnessButLeavesTheTranscriptAlone() {
        MerlinTranscript t = new MerlinTranscript(ascii("test protocol"));
        t.appendMessage(ascii("some label"), ascii("some data"));
        byte[] one = rngOutput(t, new byte[32], new FixedRandom((byte) 1));
        byte[] same = rngOutput(t, new byte[32], new FixedRandom((byte) 1));
        byte[] otherRandom = rngOutput(t, new byte[32], new FixedRandom((byte) 2));
        byte[] otherWitness = rngOutput(t, new byte[] {1}, new FixedRandom((byte) 1));
        assertArrayEquals(one, same);
        assertFalse(Arrays.equals(one, otherRandom));
        assertFalse(Arrays.equals(one, otherWitness));

        // building RNGs did not touch the transcript: the published challenge is unchanged
        byte[] challenge = new byte[32];
        t.challengeBytes(ascii("challenge"), challenge);
        assertEquals(
                "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615",
                HexFormat.of().formatHex(challenge));
    }

    private static byte[] rngOutput(MerlinTranscript t, byte[] witness, SecureRandom random) {
        byte[] out = new byte[64];
        t.buildRng()
                .rekeyWithWitnessBytes(ascii("witness"), witness)
                .finish(random)
                .fillBytes(out);
        return out;
    }

    /** Deterministic "randomness" so RNG outputs can be compared. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte fill;

        FixedRandom(byte fill) {
            this.fill = fill;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, fill);
        }
    }
}
