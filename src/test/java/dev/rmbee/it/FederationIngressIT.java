package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /} as another relay (or an attacker) would use it: genuine envelopes are queued for
 * their destination, once however often they are posted; forged and expired ones are refused with
 * their status and never reach anyone; what the sender should retry is answered 503, also when one
 * address posts more than its share.
 */
class FederationIngressIT extends RelayDeployment {

    /** A twin of another relay, which the test adds through the admin API and removes again. */
    private static final int FOREIGN_TWIN = 4177;

    /** A twin no registry of the build knows. */
    private static final int UNKNOWN_TWIN = 4178;

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
    void aReplayedEnvelopeIsAcceptedButDeliveredOnce() throws Exception {
        SessionKey bob = session(2, "replay-target");
        Envelope request = TestTwins.request(SessionKey.of(1), bob, "posted twice");
        Envelope marker = TestTwins.request(SessionKey.of(1), bob, "posted after the replay");
        try (TwinSocket b = TwinSocket.connectAs(relay(), bob)) {
            assertEquals(202, post(request.toByteArray()).statusCode());
            assertEquals(202, post(request.toByteArray()).statusCode(), "the replay is accepted: the sender stops");
            assertEquals(202, post(marker.toByteArray()).statusCode());
            assertEquals(request, b.nextEnvelope("the request"));
            assertEquals(marker, b.nextEnvelope("the marker, and not the request again"));
        }
    }

    @Test
    void anExpiredEnvelopeIsRefused() throws Exception {
        SessionKey bob = session(2, "expired-target");
        Envelope stale = TestTwins.request(
                SessionKey.of(1), bob, Uids.next(), "test.echo", new byte[] {1}, TestEnvelopes.now() - 120, 60);
        HttpResponse<String> refused = post(stale.toByteArray());
        assertEquals(400, refused.statusCode());
        assertEquals("bad request: message has expired", refused.body());
    }

    @Test
    void anUnknownSourceTwinIsAnsweredSoThatTheSenderRetries() throws Exception {
        // 503: the sending relay retries; a 4xx would be final ("destination offline", relay.md §7.4)
        Envelope fromUnknown = TestEnvelopes.request(SessionKey.of(UNKNOWN_TWIN), session(2, "unknown-source"), "x")
                .payload("from a twin this relay does not know")
                .signedBy(TestTwins.signer(1));
        HttpResponse<String> answer = post(fromUnknown.toByteArray());
        assertEquals(503, answer.statusCode());
        assertEquals("unknown source twin", answer.body());
    }

    @Test
    void oneRemoteAddressIsBoundedAndTheOthersAreNot() throws Exception {
        // the build gives relay 1 a burst of 200 and 20 POSTs a second per address; this test posts from 127.0.0.2
        int answered = 0;
        int status = 0;
        while (answered < 2_000 && status != 503) {
            status = postFrom("127.0.0.2", new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            answered++;
            assertTrue(status == 400 || status == 503, "garbage is a bad request until the bound: " + status);
        }
        assertEquals(503, status, "bounded after " + answered + " POSTs: retryable for the sending relay");
        assertTrue(answered > 100, "not before the burst: " + answered);
        assertEquals(
                400,
                post(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}).statusCode(),
                "127.0.0.1 has a bucket of its own");
    }

    /** One POST over a connection of its own from {@code localAddress}; the HTTP status of the answer. */
    private int postFrom(String localAddress, byte[] body) throws Exception {
        URI target = http("/");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            String head = "POST / HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            assertTrue(statusLine != null && statusLine.startsWith("HTTP/1.1 "), "a status line: " + statusLine);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIsAnsweredBeforeTheBodyIsSent() throws Exception {
        // only the head: the answer may not wait for 5 MiB that never come (nor for the read timeout)
        String head = "POST / HTTP/1.1\r\nHost: " + http("/").getHost() + "\r\nContent-Type: application/octet-stream"
                + "\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n";
        assertEquals("HTTP/1.1 413", rawStatusLine(head).substring(0, 12));
    }

    @Test
    void aChunkedBodyOverTheCapIsRefused() throws Exception {
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(http("/"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(new byte[5 * 1024 * 1024])))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode());
        assertEquals("message too big", refused.body());
    }

    @Test
    void otherMethodsOnTheRootAreNotAllowedAndEchoNothing() throws Exception {
        String head = "TRACE / HTTP/1.1\r\nHost: " + http("/").getHost() + "\r\nX-Secret: trace-marker\r\n"
                + "Connection: close\r\n\r\n";
        String answer = rawAnswer(head);
        // Liberty refuses TRACE itself (403) before any servlet; either way nothing is echoed
        assertTrue(answer.startsWith("HTTP/1.1 403") || answer.startsWith("HTTP/1.1 405"), answer);
        assertFalse(answer.contains("trace-marker"), answer);
        HttpResponse<String> delete =
                HTTP.send(HttpRequest.newBuilder(http("/")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
        assertEquals("method not allowed", delete.body());
        HttpResponse<Void> head404 = HTTP.send(
                HttpRequest.newBuilder(http("/"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(404, head404.statusCode());
    }

    /** The status line of the answer to {@code head} sent alone over a connection of its own. */
    private String rawStatusLine(String head) throws Exception {
        URI target = http("/");
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    /** The whole answer (head and body) to {@code head}, which must ask for the connection to close. */
    private String rawAnswer(String head) throws Exception {
        URI target = http("/");
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
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
