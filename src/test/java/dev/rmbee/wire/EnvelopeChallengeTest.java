package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The challenge and its MD5 equal what the official client hashed, for every signed vector. */
class EnvelopeChallengeTest {

    @Test
    void everySignedVectorHasTheOfficialChallengeAndDigest() {
        List<JsonObject> signed = EnvelopeVectors.all().stream()
                .filter(v -> v.containsKey("challenge_hex"))
                .toList();
        assertTrue(signed.size() >= 12, "expected the signed vectors, found " + signed.size());
        for (JsonObject vector : signed) {
            Envelope envelope = EnvelopeVectors.parse(vector);
            String name = vector.getString("name");
            assertArrayEquals(Vectors.hex(vector.getString("challenge_hex")), EnvelopeChallenge.bytes(envelope), name);
            assertEquals(
                    vector.getString("md5_hex"), HexFormat.of().formatHex(EnvelopeChallenge.digest(envelope)), name);
        }
    }

    @Test
    void emptyEnvelopeChallengeIsFourZeros() {
        byte[] challenge = EnvelopeChallenge.bytes(Envelope.getDefaultInstance());
        assertEquals("0000", new String(challenge, StandardCharsets.US_ASCII));
        assertEquals("4a7d1ed414474e4033ac29ccb8653d9b", HexFormat.of().formatHex(EnvelopeChallenge.md5(challenge)));
    }

    @Test
    void specWorkedExample() {
        Envelope envelope = TestEnvelopes.request(SessionKey.of(7), new SessionKey(12, "abc"), "zos.system.version")
                .uid("0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10")
                .timestamp(1700000000)
                .expiration(300)
                .schema("application/json")
                .payload("hello")
                .build();
        assertEquals(
                "0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d101700000000300712abczos.system.versionapplication/jsonhello",
                new String(EnvelopeChallenge.bytes(envelope), StandardCharsets.UTF_8));
        assertEquals("ddc7deb048d7c06f79a0ca643445c726", HexFormat.of().formatHex(EnvelopeChallenge.digest(envelope)));
    }

    @Test
    void relaysCanBeLeftOutForClientsThatDoNotHashThem() {
        Envelope envelope = EnvelopeVectors.envelope("request_official_style_plain_sr25519");
        String with = new String(EnvelopeChallenge.bytes(envelope, true), StandardCharsets.UTF_8);
        String without = new String(EnvelopeChallenge.bytes(envelope, false), StandardCharsets.UTF_8);
        assertEquals(with, without + "localhost");
    }
}
