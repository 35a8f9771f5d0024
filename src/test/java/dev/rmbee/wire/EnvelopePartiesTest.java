package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopePartiesTest {

    @Test
    void theTwinsOfSourceAndDestinationAreRead() {
        byte[] envelope = TestEnvelopes.request(SessionKey.parse("7:app"), SessionKey.of(9), "cmd")
                .payload("{}")
                .build()
                .toByteArray();

        assertEquals(new EnvelopeParties(7, 9), EnvelopeParties.of(envelope));
    }

    @Test
    void aLargePayloadIsSkippedWhereverTheAddressesAre() {
        byte[] payload = new byte[4 << 20];
        Envelope built = TestEnvelopes.request(SessionKey.of(70000), SessionKey.parse("3:x"), "cmd")
                .payload(payload)
                .build();
        // addresses after the payload: still found
        byte[] reordered = concat(
                Envelope.newBuilder().setPlain(built.getPlain()).build().toByteArray(),
                Envelope.newBuilder()
                        .setSource(built.getSource())
                        .setDestination(built.getDestination())
                        .build()
                        .toByteArray());

        assertEquals(new EnvelopeParties(70000, 3), EnvelopeParties.of(built.toByteArray()));
        assertEquals(new EnvelopeParties(70000, 3), EnvelopeParties.of(reordered));
    }

    @Test
    void theRelaysErrorEnvelopeHasNoSource() {
        byte[] error =
                RelayEnvelopes.error("u1", SessionKey.of(5), "queue full", 1).toByteArray();

        assertEquals(new EnvelopeParties(0, 5), EnvelopeParties.of(error));
    }

    @Test
    void bytesThatAreNotAnEnvelopeGiveNobodyAndThrowNothing() {
        assertEquals(new EnvelopeParties(0, 0), EnvelopeParties.of("not an envelope".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new EnvelopeParties(0, 0), EnvelopeParties.of(new byte[0]));
        byte[] envelope = TestEnvelopes.request(SessionKey.of(7), SessionKey.of(9), "cmd")
                .payload("{}")
                .build()
                .toByteArray();
        Random random = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            byte[] damaged = Arrays.copyOf(envelope, random.nextInt(envelope.length + 1));
            if (damaged.length > 0) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            EnvelopeParties.of(damaged);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
