package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /} as another relay (or an attacker) would use it: genuine envelopes are queued for
 * their destination, forged ones are refused with their status and never reach anyone.
 */
class FederationIngressIT extends RelayDeployment {

    /** A twin of another relay, which the test adds through the admin API and removes again. */
    private static final int FOREIGN_TWIN = 4177;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> post(byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(http("/"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "ingress-" + role + "-" + Uids.next());
    }

    @Test
    void genuineEnvelopeIsAcceptedAndDelivered() throws Exception {
        SessionKey bob = session(2, "target");
        Envelope request = TestTwins.request(SessionKey.of(1), bob, "from a remote relay");
        try (TwinSocket b = TwinSocket.connectAs(relay(), bob)) {
            HttpResponse<String> response = post(request.toByteArray());
            assertEquals(202, response.statusCode(), response.body());
            assertEquals(request, b.nextEnvelope("the posted request"));
        }
    }

    @Test
    void forgedEnvelopesAreRefusedAndNeverReachTheDestination() throws Exception {
        SessionKey bob = session(2, "forged-target");
        Envelope genuine = TestTwins.request(SessionKey.of(1), bob, "genuine");
        try (TwinSocket b = TwinSocket.connectAs(relay(), bob)) {
            Envelope tampered = genuine.toBuilder()
                    .setPlain(ByteString.copyFromUtf8("tampered"))
                    .build();
            assertEquals(401, post(tampered.toByteArray()).statusCode(), "bad signature");

            Envelope wrongKey =
                    genuine.toBuilder().setSource(SessionKey.of(3).toAddress()).build();
            assertEquals(401, post(wrongKey.toByteArray()).statusCode(), "signed by another twin's key");

            HttpResponse<String> garbage = post(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            assertEquals(400, garbage.statusCode());
            assertTrue(garbage.body().startsWith("bad request: "), garbage.body());

            assertEquals(413, post(new byte[5 * 1024 * 1024]).statusCode(), "over the size cap");

            Envelope failFast = TestEnvelopes.request(SessionKey.of(1), session(2, "nobody"), "test.echo")
                    .payload("ff")
                    .tags("fail-fast")
                    .signed();
            HttpResponse<String> offline = post(failFast.toByteArray());
            assertEquals(404, offline.statusCode());
            assertEquals("destination offline", offline.body());

            // the genuine one, posted last, is the first thing bob gets
            assertEquals(202, post(genuine.toByteArray()).statusCode());
            assertEquals(genuine, b.nextEnvelope("the genuine request"), "nothing forged reached bob before it");
        }
    }

    @Test
    void twinNotServedHereIsRefused() throws Exception {
        // a twin whose relay is another one, added through the admin API
        RelayAdmin admin = RelayAdmin.of(domain());
        admin.putTwin(FOREIGN_TWIN, List.of("elsewhere.example"));
        try {
            Envelope toForeign = TestTwins.request(SessionKey.of(1), SessionKey.of(FOREIGN_TWIN), "not yours");
            HttpResponse<String> refused = post(toForeign.toByteArray());
            assertEquals(404, refused.statusCode());
            assertEquals("destination twin is not served by this relay", refused.body());
        } finally {
            admin.deleteTwin(FOREIGN_TWIN);
        }
    }

    @Test
    void getWithoutUpgradeLeaksNothing() throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(http("/?secret-token")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, page.statusCode());
        assertEquals("page not found", page.body());
        assertTrue(
                page.headers().map().values().stream()
                        .flatMap(List::stream)
                        .noneMatch(value -> value.contains("secret-token")),
                page.headers().toString());
    }
}
