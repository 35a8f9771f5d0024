package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /} as another relay (or an attacker) would use it: genuine envelopes are queued for
 * their destination, forged ones are refused with their status and never reach anyone.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FederationIngressIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + base.getHost() + ":" + base.getPort() + "/"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connect(
                URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/"), TestTwins.token(session));
    }

    @Test
    void genuineEnvelopeIsAcceptedAndDelivered() throws Exception {
        SessionKey bob = new SessionKey(2, "fed-" + Uids.next());
        Envelope request = TestTwins.request(SessionKey.of(1), bob, "from a remote relay");
        try (TwinSocket b = connect(bob)) {
            HttpResponse<String> response = post(request.toByteArray());
            assertEquals(202, response.statusCode(), response.body());
            byte[] frame = b.receive(Duration.ofSeconds(10));
            assertNotNull(frame);
            assertEquals(request, Envelope.parseFrom(frame));
        }
    }

    @Test
    void forgedEnvelopesAreRefusedAndNeverReachTheDestination() throws Exception {
        SessionKey bob = new SessionKey(2, "fed-target-" + Uids.next());
        Envelope genuine = TestTwins.request(SessionKey.of(1), bob, "genuine");
        try (TwinSocket b = connect(bob)) {
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

            Envelope failFast = EnvelopeSignatures.sign(
                    TestTwins.request(SessionKey.of(1), new SessionKey(2, "nobody"), "ff").toBuilder()
                            .setTags("fail-fast"),
                    TestTwins.signer(1));
            HttpResponse<String> offline = post(failFast.toByteArray());
            assertEquals(404, offline.statusCode());
            assertEquals("destination offline", offline.body());

            assertNull(b.receive(Duration.ofMillis(500)), "nothing forged reached bob");
        }
    }

    @Test
    void twinNotServedHereIsRefused() throws Exception {
        // a twin whose relay is another one, added through the admin API
        String twin = "{\"id\":4077,\"account\":\"0x" + "11".repeat(32) + "\",\"relays\":[\"elsewhere.example\"]}";
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:it-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> added = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://" + base.getHost() + ":" + base.getPort() + "/admin/twins/4077"))
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(twin))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(added.statusCode() == 200 || added.statusCode() == 201, added.body());
        Envelope toForeign = TestTwins.request(SessionKey.of(1), SessionKey.of(4077), "not yours");
        HttpResponse<String> refused = post(toForeign.toByteArray());
        assertEquals(404, refused.statusCode());
        assertEquals("destination twin is not served by this relay", refused.body());
    }

    @Test
    void getWithoutUpgradeLeaksNothing() throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + base.getHost() + ":" + base.getPort() + "/?secret-token"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, page.statusCode());
        assertEquals("page not found", page.body());
        assertTrue(
                page.headers().map().values().stream()
                        .flatMap(java.util.List::stream)
                        .noneMatch(value -> value.contains("secret-token")),
                page.headers().toString());
    }
}
