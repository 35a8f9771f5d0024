package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR on a managed Open Liberty: real twins authenticate with the official client's
 * tokens over a real WebSocket and get their Pong; refused tokens get their HTTP status; bad frames
 * close only their own session.
 */
class RelayEndpointIT extends RelayDeployment {

    /** A twin the session-cap test adds for itself. */
    private static final int CAPPED_TWIN = 4161;
    /** The default of {@code rmb.relay.max-sessions-per-twin} (the test server keeps it). */
    private static final int SESSIONS_PER_TWIN = 32;

    private static String token(String name) {
        return jwt(name).getString("token");
    }

    private static JsonObject jwt(String name) {
        return Vectors.load("jwt.json").getJsonArray("jwts").getValuesAs(JsonObject.class).stream()
                .filter(entry -> entry.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no jwt vector " + name));
    }

    private static Envelope ping(SessionKey from, String uid) {
        return TestTwins.ping(from, uid);
    }

    @Test
    void aliceSr25519PingsWithTheOfficialClientsBytes() throws Exception {
        Envelope officialPing = EnvelopeVectors.envelope("ping_official_verbatim");
        Envelope expectedPong = EnvelopeVectors.envelope("pong_from_relay");
        try (TwinSocket alice = TwinSocket.connect(relay(), token("alice_sr25519_long_lived"))) {
            alice.send(
                    Vectors.hex(EnvelopeVectors.vector("ping_official_verbatim").getString("protobuf_hex")));
            assertEquals(expectedPong, alice.nextEnvelope("the pong to the official ping"));
            assertEquals(officialPing.getUid(), expectedPong.getUid());
        }
    }

    @Test
    void charlieEd25519WithSessionIdGetsPong() throws Exception {
        SessionKey charlie = new SessionKey(3, "svc-1");
        try (TwinSocket socket = TwinSocket.connect(relay(), token("charlie_ed25519_sid_long_lived"))) {
            socket.send(ping(charlie, "p-charlie").toByteArray());
            Envelope pong = socket.nextEnvelope("the pong to p-charlie");
            assertEquals(Envelope.MessageCase.PONG, pong.getMessageCase());
            assertEquals("p-charlie", pong.getUid());
            assertTrue(charlie.matches(pong.getDestination()), "pong goes back to the pinging session");
            assertEquals("hello world", pong.getPlain().toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void rustStyleTokenWithNullSidIsAccepted() throws Exception {
        try (TwinSocket bob = TwinSocket.connect(relay(), token("bob_sr25519_rust_style_long_lived"))) {
            bob.send(ping(SessionKey.of(2), "p-bob").toByteArray());
            assertEquals("p-bob", bob.nextEnvelope("the pong to p-bob").getUid());
        }
    }

    @Test
    void refusedTokensGetTheirHttpStatus() {
        Stream.of("alice_expired", "charlie_bad_signature", "alice_claims_twin_2", "alice_alg_hs256", "twin_99_unknown")
                .forEach(name -> {
                    TwinSocket.HandshakeRefused refused = assertThrows(
                            TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), token(name)), name);
                    assertEquals(401, refused.status(), name + ": " + jwt(name).getString("expect"));
                });
        assertEquals(
                400,
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), null))
                        .status());
        assertEquals(
                401,
                assertThrows(
                                TwinSocket.HandshakeRefused.class,
                                () -> TwinSocket.connect(relay(), "token=" + token("alice_sr25519_long_lived")))
                        .status());
        assertEquals(
                401,
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), "not.a.jwt"))
                        .status());
    }

    @Test
    void validlySignedTokensWithHostileClaimsAre401() {
        long exp = System.currentTimeMillis() / 1000 + 600;
        for (String claims : new String[] {
            "{\"sub\":1,\"iat\":1,\"exp\":" + exp + ",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":" + exp + ",\"x\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":" + "9".repeat(1101) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":" + exp + "}xyz",
            "{\"sub\":1e0,\"iat\":1,\"exp\":" + exp + "}",
        }) {
            String token = signed(TestTwins.signer(1), claims);
            TwinSocket.HandshakeRefused refused =
                    assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), token), claims);
            assertEquals(401, refused.status(), claims.length() > 80 ? claims.substring(0, 80) : claims);
        }
    }

    /** A token over {@code claims} as they are, signed by {@code signer} as RelayTokens signs. */
    private static String signed(Signer signer, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String text = b64.encodeToString("{\"alg\":\"RS512\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return text + "." + b64.encodeToString(signer.sign(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theHandshakeCreatesNoHttpSession() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET /?" + token("alice_sr25519_long_lived") + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            InputStream in = socket.getInputStream();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            assertFalse(head.toString().toLowerCase(java.util.Locale.ROOT).contains("set-cookie"), head.toString());
        }
    }

    @Test
    void garbageFrameClosesOnlyThatSession() throws Exception {
        try (TwinSocket alice = TwinSocket.connect(relay(), token("alice_sr25519_long_lived"));
                TwinSocket charlie = TwinSocket.connect(relay(), token("charlie_ed25519_long_lived"))) {
            alice.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
            assertEquals(1007, alice.awaitClose());
            charlie.send(ping(SessionKey.of(3), "still-alive").toByteArray());
            assertEquals(
                    "still-alive",
                    charlie.nextEnvelope("the pong to still-alive").getUid());
        }
    }

    @Test
    void textFrameClosesOnlyThatSession() throws Exception {
        try (TwinSocket charlie = TwinSocket.connect(relay(), token("charlie_ed25519_sid_long_lived"));
                TwinSocket bob = TwinSocket.connect(relay(), token("bob_sr25519_rust_style_long_lived"))) {
            charlie.sendText("{\"hello\":\"relay\"}");
            assertEquals(1003, charlie.awaitClose());
            bob.send(ping(SessionKey.of(2), "bob-alive").toByteArray());
            assertEquals("bob-alive", bob.nextEnvelope("the pong to bob-alive").getUid());
        }
    }

    @Test
    void requestWithWrongSourceGetsAnErrorEnvelope() throws Exception {
        try (TwinSocket alice = TwinSocket.connect(relay(), token("alice_sr25519_sid_long_lived"))) {
            // the session is 1:interop-1, the envelope claims the sid-less session 1
            Envelope request = EnvelopeVectors.envelope("request_plain_minimal_sr25519");
            alice.send(request.toByteArray());
            Envelope error = alice.nextEnvelope("the error for the wrong source");
            assertEquals(request.getUid(), error.getUid());
            assertEquals("message wrong source", error.getError().getMessage());
            assertTrue(new SessionKey(1, "interop-1").matches(error.getDestination()));
            assertEquals(300, error.getExpiration());
            assertTrue(!error.hasSource() && !error.hasSignature());
            // the session survives
            alice.send(ping(new SessionKey(1, "interop-1"), "after-error").toByteArray());
            assertEquals(
                    "after-error", alice.nextEnvelope("the pong to after-error").getUid());
        }
    }

    @Test
    void newerConnectionOfASessionReplacesTheOlderOne() throws Exception {
        try (TwinSocket first = TwinSocket.connect(relay(), token("charlie_ed25519_long_lived"));
                TwinSocket second = TwinSocket.connect(relay(), token("charlie_ed25519_long_lived"))) {
            assertEquals(1000, first.awaitClose());
            second.send(ping(SessionKey.of(3), "second").toByteArray());
            assertEquals("second", second.nextEnvelope("the pong to second").getUid());
            second.send(ping(SessionKey.of(3), "later").toByteArray());
            assertEquals("later", second.nextEnvelope("the pong to later").getUid(), "nothing else arrived before it");
            assertTrue(!second.isClosed(), "the newer connection stays open");
        }
    }

    @Test
    void aTwinGetsNoMoreSessionsThanItsCapWhileAnotherTwinStillConnects() throws Exception {
        // a twin of this test alone (with frank's key), so that no other test's session counts against its cap
        RelayAdmin admin = RelayAdmin.of(domain());
        admin.putTwin(CAPPED_TWIN, TestTwins.twin(6).getString("account"), List.of(domain()));
        List<TwinSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS_PER_TWIN; i++) {
                held.add(TwinSocket.connect(relay(), cappedToken("capped-" + i)));
            }
            TwinSocket.HandshakeRefused refused = assertThrows(
                    TwinSocket.HandshakeRefused.class,
                    () -> TwinSocket.connect(relay(), cappedToken("one-too-many"))
                            .close());
            assertEquals(503, refused.status(), "refused at the handshake, as when the relay is full");

            SessionKey other = new SessionKey(2, "not-capped-" + Uids.next());
            try (TwinSocket bob = TwinSocket.connectAs(relay(), other)) {
                bob.send(ping(other, "other-twin").toByteArray());
                assertEquals(
                        "other-twin", bob.nextEnvelope("the other twin's pong").getUid());
            }
            // a session of the capped twin may still reconnect (it takes no new slot), and one leaving frees its slot
            held.add(TwinSocket.connect(relay(), cappedToken("capped-0")));
            assertEquals(1000, held.get(0).awaitClose(), "the older connection of capped-0 is replaced");
            held.remove(0).close();
            held.remove(0).close();
            held.add(Await.value("a slot after capped-1 left", () -> {
                try {
                    return Optional.of(TwinSocket.connect(relay(), cappedToken("after-leaving")));
                } catch (TwinSocket.HandshakeRefused stillFull) {
                    return Optional.empty();
                }
            }));
        } finally {
            held.forEach(TwinSocket::close);
            admin.deleteTwin(CAPPED_TWIN);
        }
    }

    private static String cappedToken(String sid) {
        long now = TestEnvelopes.now();
        return RelayTokens.create(TestTwins.signer(6), CAPPED_TWIN, sid, now, now + 300);
    }
}
