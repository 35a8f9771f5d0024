package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Received envelopes that fail verification or dispatch: nothing forged or unsigned reaches a local
 * service, a refused request is answered with the reference's error envelope, and unsigned
 * envelopes without source are taken only when they are errors (relay errors).
 */
class PeerIncomingIT extends PeerTestBase {

    /** The error envelope alice sends back to {@code twin}, checked as the reference builds it (wire.md §10.3). */
    private Envelope errorBackTo(int twin, String uid) throws Exception {
        RoutingTransport.Frame frame = peers.transport.next(f -> f.from() == ALICE);
        Envelope error = frame.envelope();
        assertTrue(error.hasError(), "an error envelope: " + error);
        assertEquals(uid, error.getUid());
        assertEquals(SessionKey.of(twin), SessionKey.of(error.getDestination()));
        assertEquals(SessionKey.of(ALICE), SessionKey.of(error.getSource()));
        assertSignedBy(ALICE, error);
        return error;
    }

    @Test
    void forgedEnvelopeNeverReachesTheService() throws Exception {
        // claims to come from bob, signed with charlie's key
        Envelope forged = remoteRequest(BOB, CHARLIE, ALICE, "u-forged", "test.echo", NOW, 60, null);
        alice.gateway.onEnvelope(forged.toByteArray());
        Envelope error = errorBackTo(BOB, "u-forged");
        assertEquals(104, error.getError().getCode());
        assertEquals(
                "invalid envelope signature: ed25519 signature verification failed",
                error.getError().getMessage());
        assertEquals(60, error.getExpiration(), "the request's expiration");
        assertEquals(NOW, error.getTimestamp());
        assertEquals(Envelope.PayloadCase.CIPHER, error.getPayloadCase(), "encrypted for bob, who has a key");
        assertEquals(28, error.getCipher().size(), "an empty payload: nonce and tag");
        assertEquals(0, alice.length("msgbus.test.echo"));

        // the same with a tampered payload after a valid signature
        Envelope tampered = remoteRequest(BOB, BOB, ALICE, "u-tampered", "test.echo", NOW, 60, null).toBuilder()
                .setPlain(ByteString.copyFromUtf8("{\"evil\":1}"))
                .build(); // the signature was made over "{}"
        alice.gateway.onEnvelope(tampered.toByteArray());
        assertEquals(
                "invalid envelope signature: sr25519 signature verification failed",
                errorBackTo(BOB, "u-tampered").getError().getMessage());
        Envelope unsigned = remoteRequest(BOB, BOB, ALICE, "u-unsigned", "test.echo", NOW, 60, null).toBuilder()
                .clearSignature()
                .build();
        alice.gateway.onEnvelope(unsigned.toByteArray());
        assertEquals(
                "invalid envelope signature: message is not signed",
                errorBackTo(BOB, "u-unsigned").getError().getMessage());
        assertEquals(0, alice.length("msgbus.test.echo"));
    }

    @Test
    void unsignedEnvelopesWithoutSourceOnlyWhenErrors() throws Exception {
        // a request so alice has a backlog: dave has no gateway, so nobody answers
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-r", "test.echo", 60, "e30=", "[4]", "ret-r", 0));
        String uid = peers.transport.nextTo(DAVE).envelope().getUid();

        Envelope unsignedRequest = TestEnvelopes.request(null, SessionKey.of(ALICE), "test.echo")
                .uid("u-0")
                .timestamp(NOW)
                .expiration(60)
                .payload("{}")
                .build();
        Envelope unsignedResponse = TestEnvelopes.response(
                        remote(ALICE, DAVE, uid, "test.echo").build())
                .source(null)
                .timestamp(NOW)
                .expiration(60)
                .payload("\"forged answer\"")
                .build();
        Envelope relayError = RelayEnvelopes.error(uid, SessionKey.of(ALICE), "destination offline", NOW);
        // all three come from "twin 0", so they are handled in this order
        alice.gateway.onEnvelope(unsignedRequest.toByteArray());
        alice.gateway.onEnvelope(unsignedResponse.toByteArray());
        alice.gateway.onEnvelope(relayError.toByteArray());

        assertEquals(
                "{\"ver\":1,\"ref\":\"job-r\",\"dat\":\"\",\"src\":\"0\",\"shm\":null,\"now\":" + NOW
                        + ",\"err\":{\"code\":0,\"message\":\"destination offline\"}}",
                alice.pop("ret-r"));
        assertEquals(0, alice.length("ret-r"), "the unsigned response was dropped");
        assertEquals(0, alice.length("msgbus.test.echo"), "the unsigned request was dropped");
        assertEquals(List.of(), peers.transport.drain(), "and not answered");
    }

    @Test
    void expiredRequestIsAnsweredWith102() throws Exception {
        alice.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-old", "test.echo", NOW - 100, 60, null)
                .toByteArray());
        Envelope error = errorBackTo(BOB, "u-old");
        assertEquals(102, error.getError().getCode());
        assertEquals(
                "envelope validation error: message has expired",
                error.getError().getMessage());
        assertEquals(0, alice.length("msgbus.test.echo"));
    }

    @Test
    void unknownSenderCannotBeAnswered() throws Exception {
        alice.gateway.onEnvelope(remoteRequest(77, BOB, ALICE, "u-77", "test.echo", NOW, 60, null)
                .toByteArray());
        alice.gateway.onEnvelope(remoteRequest(77, BOB, ALICE, "u-77b", "rmb.version", NOW, 60, null)
                .toByteArray());
        assertTrue(alice.gateway.stop(java.time.Duration.ofSeconds(10)), "both handled");
        assertEquals(List.of(), peers.transport.drain(), "103 cannot be sent to a twin nobody knows");
        assertEquals(0, alice.length("msgbus.test.echo"));
    }

    @Test
    void cipherFromATwinWithoutKeyIs105() throws Exception {
        Envelope request =
                remoteRequest(EVE, EVE, ALICE, "u-eve", "test.echo", NOW, 60, ByteString.copyFrom(new byte[40]));
        alice.gateway.onEnvelope(request.toByteArray());
        Envelope error = errorBackTo(EVE, "u-eve");
        assertEquals(105, error.getError().getCode());
        assertEquals("sender twin has no public key", error.getError().getMessage());
        assertEquals(Envelope.PayloadCase.PAYLOAD_NOT_SET, error.getPayloadCase(), "eve has no key: plain, empty");
    }

    @Test
    void corruptedCipherIs106() throws Exception {
        byte[] cipher = TestPeers.e2eKey(BOB).encrypt(TestPeers.e2eKey(ALICE).publicKey(), "{}".getBytes());
        cipher[cipher.length - 1] ^= 1;
        alice.gateway.onEnvelope(
                remoteRequest(BOB, BOB, ALICE, "u-106", "test.echo", NOW, 60, ByteString.copyFrom(cipher))
                        .toByteArray());
        Envelope error = errorBackTo(BOB, "u-106");
        assertEquals(106, error.getError().getCode());
        assertEquals("e2e error: invalid cipher data", error.getError().getMessage());
        assertEquals(0, alice.length("msgbus.test.echo"));

        byte[] good = TestPeers.e2eKey(BOB).encrypt(TestPeers.e2eKey(ALICE).publicKey(), "{\"a\":1}".getBytes());
        alice.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-ok", "test.echo", NOW, 60, ByteString.copyFrom(good))
                .toByteArray());
        assertTrue(alice.pop("msgbus.test.echo").contains("\"dat\":\"eyJhIjoxfQ==\""), "decrypted for the service");
    }

    @Test
    void dispatchFailureIsAnsweredWithCode0() throws Exception {
        alice.redis
                .getBucket("msgbus.test.broken", org.redisson.client.codec.StringCodec.INSTANCE)
                .set("not a list");
        Envelope request =
                remote(BOB, ALICE, "u-broken", "test.broken").tags("fail-fast").signed();
        alice.gateway.onEnvelope(request.toByteArray());
        Envelope error = errorBackTo(BOB, "u-broken");
        assertEquals(0, error.getError().getCode());
        assertTrue(
                error.getError().getMessage().startsWith("other: redis error: LPUSH msgbus.test.broken: WRONGTYPE"),
                error.getError().getMessage());
        assertEquals("fail-fast", error.getTags());
        assertEquals(300, error.getExpiration());
    }

    @Test
    void garbageFramesAreDropped() throws Exception {
        alice.gateway.onEnvelope(new byte[] {(byte) 0xff, 0x01, 0x02});
        alice.gateway.onEnvelope(new byte[0]); // parses as an empty envelope: expired, no source
        alice.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-fine", "rmb.version", NOW, 60, null)
                .toByteArray());
        assertEquals(
                "u-fine",
                peers.transport.next(f -> f.from() == ALICE).envelope().getUid());
    }

    @Test
    void responseWithoutBacklogIsDropped() throws Exception {
        // the response to a request alice never sent
        Envelope stray = TestEnvelopes.response(
                        remote(ALICE, BOB, "no-such-request", "test.echo").build())
                .timestamp(NOW)
                .expiration(60)
                .signed();
        alice.gateway.onEnvelope(stray.toByteArray());
        alice.gateway.onEnvelope(remoteRequest(BOB, BOB, ALICE, "u-after", "test.after", NOW, 60, null)
                .toByteArray());
        alice.pop("msgbus.test.after");
        assertEquals(
                List.of(),
                alice.redis
                        .getKeys()
                        .getKeysStream()
                        .filter(key -> !key.equals("msgbus.test.after"))
                        .filter(key -> !key.startsWith("rmb-ee.peer.")) // the marker of u-after
                        .toList(),
                "nothing was pushed for the stray response");
    }

    @Test
    void replyExpirationIsClamped() throws Exception {
        // a forged request that would live for ever: the 104 reply still expires within 1800 s
        Envelope forged = remoteRequest(BOB, CHARLIE, ALICE, "u-forever", "test.echo", NOW, -1L, null);
        alice.gateway.onEnvelope(forged.toByteArray());
        Envelope error = errorBackTo(BOB, "u-forever");
        assertEquals(104, error.getError().getCode());
        assertEquals(1800, error.getExpiration());
    }
}
