package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.OfficialTwin;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTls;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on the relay itself (docs/configuration.md#tls): relay 2 runs with {@code TLS_ENABLED=true}
 * and the build's self-signed test keystore on its TLS port, and twins connect with {@code wss://}
 * — the official client (trusting the test certificate through {@code NODE_EXTRA_CA_CERTS}) and the
 * JDK's client (trusting it through an {@code SSLContext}).
 */
class TlsIT {

    @BeforeAll
    static void nodeAndTheOfficialClientAreThere() {
        OfficialTwin.ensureInstalled();
    }

    @Test
    void theOfficialClientServesAndCallsOverWss() {
        String payload = "{\"over\":\"wss\"}";
        try (OfficialTwin bob = OfficialTwin.serve("bob", TestTls.embeddedRelay(), null);
                OfficialTwin alice =
                        OfficialTwin.call("alice", TestTls.embeddedRelay(), "tls-call", 2, "rmbee.echo", payload)) {
            JsonObject response = json(alice.result());

            assertEquals(payload, response.getString("echo"));
            assertEquals("bob", response.getString("by"));
            assertTrue(
                    bob.log().stream()
                            .anyMatch(line -> line.contains("rmbee.echo from 1:tls-call payload=cipher -> response")),
                    "bob served alice's encrypted request" + bob.describe());
        }
    }

    @Test
    void aJdkTwinPingsOverWss() throws Exception {
        SessionKey charlie = new SessionKey(3, "tls-" + Uids.next());
        try (TwinSocket socket =
                TwinSocket.connectAs(TestTls.embeddedRelay(), charlie, TestTls.trustingTheTestCertificate())) {
            socket.send(TestEnvelopes.ping(charlie).uid("tls-ping").build());
            Envelope pong = socket.nextEnvelope("the pong over TLS");
            assertEquals(Envelope.MessageCase.PONG, pong.getMessageCase());
            assertEquals("tls-ping", pong.getUid());
        }
    }

    @Test
    void theTlsPortPresentsTheTestCertificateThatDefaultTrustRefuses() {
        SessionKey charlie = new SessionKey(3, "tls-untrusted-" + Uids.next());
        ExecutionException refused =
                assertThrows(ExecutionException.class, () -> TwinSocket.connectAs(TestTls.embeddedRelay(), charlie));
        assertInstanceOf(SSLHandshakeException.class, refused.getCause(), refused.toString());
    }

    private static JsonObject json(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }
}
