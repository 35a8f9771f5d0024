package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.FuzzInputs;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames as a twin or another relay may send them, mutated from the official vectors or random:
 * each either fails to parse with {@link InvalidProtocolBufferException} or parses, and then every
 * wire rule the relay applies to it (challenge, signature check, pong, tags, time) gives a result or
 * {@link InvalidSignatureException}; nothing else escapes. The timeout bounds a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnvelopeFuzzTest {

    private static final long SEED = 0x5eed_0001L;
    private static final int CASES = 10_000;
    private static final long NOW = 1_700_000_000L;

    @Test
    void mutatedAndRandomFramesParseOrFailCleanly() {
        FuzzInputs fuzz = new FuzzInputs(SEED);
        List<byte[]> valid = EnvelopeVectors.all().stream()
                .map(vector -> Vectors.hex(vector.getString("protobuf_hex")))
                .toList();
        byte[] account = accountOfAlice();
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] frame = i % 10 == 0
                    ? fuzz.randomBytes(fuzz.random().nextInt(600))
                    : fuzz.mutate(valid.get(fuzz.random().nextInt(valid.size())));
            try {
                exercise(Envelope.parseFrom(frame), account, i % 8 == 0);
                parsed++;
            } catch (InvalidProtocolBufferException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError(fuzz.describe(i, frame), e);
            }
        }
        assertTrue(parsed > CASES / 10 && refused > CASES / 10, parsed + " parsed, " + refused + " refused");
    }

    private static void exercise(Envelope envelope, byte[] account, boolean verify) {
        EnvelopeChallenge.digest(envelope);
        RelayEnvelopes.pong(envelope).toByteArray();
        EnvelopeTags.isFailFast(envelope);
        EnvelopeTime.isExpired(NOW, envelope.getTimestamp(), envelope.getExpiration());
        EnvelopeTime.stamp(NOW, envelope.getTimestamp(), envelope.getExpiration());
        if (envelope.hasSource()) {
            SessionKey.of(envelope.getSource()).toAddress();
        }
        if (verify) {
            try {
                EnvelopeSignatures.verify(envelope, account);
            } catch (InvalidSignatureException e) {
                // a clean refusal
            }
        }
    }

    private static byte[] accountOfAlice() {
        return Vectors.hex(TestTwins.twin(1).getString("account"));
    }
}
