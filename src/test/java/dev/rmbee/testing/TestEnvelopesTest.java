package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TestEnvelopesTest {

    private static byte[] account(int twin) {
        return HexFormat.of().parseHex(TestTwins.twin(twin).getString("account").substring(2));
    }

    @Test
    void aSignedRequestVerifiesWithTheSourceTwinsAccount() {
        Envelope request = TestEnvelopes.request(new SessionKey(3, "s"), SessionKey.of(1), "test.echo")
                .payload("{}")
                .tags("fail-fast")
                .expiration(60)
                .signed();
        assertDoesNotThrow(() -> EnvelopeSignatures.verify(request, account(3)));
        assertEquals("test.echo", request.getRequest().getCommand());
        assertEquals("fail-fast", request.getTags());
        assertEquals(60, request.getExpiration());
        assertEquals("s", request.getSource().getConnection());
    }

    @Test
    void aResponseGoesBackFromTheDestinationWithTheSameUid() {
        Envelope request =
                TestEnvelopes.request(SessionKey.of(1), SessionKey.of(2), "x").signed();
        Envelope response = TestEnvelopes.response(request).payload("ok").signed();
        assertEquals(request.getUid(), response.getUid());
        assertEquals(request.getSource(), response.getDestination());
        assertDoesNotThrow(() -> EnvelopeSignatures.verify(response, account(2)));
    }

    @Test
    void twinsOfEveryFixtureFileHaveTheirKeys() {
        for (int twin : new int[] {1, 6, 20}) {
            Envelope ping = TestEnvelopes.ping(SessionKey.of(twin)).signed();
            assertTrue(ping.hasPing());
            assertFalse(ping.hasDestination());
            assertDoesNotThrow(() -> EnvelopeSignatures.verify(ping, account(twin)), "twin " + twin);
        }
    }
}
