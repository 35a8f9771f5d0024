package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Requests and responses between gateways: JSON in and out exactly in the reference's shapes,
 * envelopes checked on the wire (signatures, cipher or plain, timing, addresses).
 */
class PeerExchangeIT extends PeerTestBase {

    @Test
    void requestAndResponseBetweenSr25519PeersWithE2e() throws Exception {
        TestPeers.Peer bob = start(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-1", "test.echo", 120, "e30=", "[2]", "ret-1", 0));

        RoutingTransport.Frame out = peers.transport.nextTo(BOB);
        Envelope sent = out.envelope();
        assertTrue(sent.hasRequest());
        assertEquals("test.echo", sent.getRequest().getCommand());
        assertEquals(36, sent.getUid().length());
        assertEquals(SessionKey.of(ALICE), SessionKey.of(sent.getSource()));
        assertEquals(SessionKey.of(BOB), SessionKey.of(sent.getDestination()));
        assertEquals(NOW, sent.getTimestamp());
        assertEquals(120, sent.getExpiration());
        assertEquals("application/json", sent.getSchema());
        assertFalse(sent.hasTags());
        assertEquals(Envelope.PayloadCase.CIPHER, sent.getPayloadCase(), "bob has an e2e key");
        assertEquals('s', sent.getSignature().byteAt(0));
        assertSignedBy(ALICE, sent);
        assertArrayEquals(utf8("{}"), payload(out, BOB));

        String incoming = bob.pop("msgbus.test.echo");
        assertEquals(
                "{\"ver\":1,\"ref\":\"" + sent.getUid() + "\",\"src\":\"1\",\"cmd\":\"test.echo\",\"exp\":120,"
                        + "\"dat\":\"e30=\",\"tag\":null,\"ret\":\"msgbus.system.reply\",\"shm\":\"application/json\","
                        + "\"now\":" + NOW + "}",
                incoming);

        clock.advance(Duration.ofSeconds(3));
        bob.push(LocalKeys.SYSTEM_REPLY, answer(incoming, "InYxIg=="));
        RoutingTransport.Frame back = peers.transport.nextTo(ALICE);
        Envelope response = back.envelope();
        assertTrue(response.hasResponse());
        assertEquals(sent.getUid(), response.getUid());
        assertEquals(SessionKey.of(BOB), SessionKey.of(response.getSource()));
        assertEquals(NOW + 3, response.getTimestamp());
        assertEquals(1800, response.getExpiration(), "3600 clamped to 1800");
        assertEquals(Envelope.PayloadCase.CIPHER, response.getPayloadCase());
        assertSignedBy(BOB, response);
        assertArrayEquals(utf8("\"v1\""), payload(back, ALICE));

        assertEquals(
                "{\"ver\":1,\"ref\":\"job-1\",\"dat\":\"InYxIg==\",\"src\":\"2\",\"shm\":\"application/json\","
                        + "\"now\":" + (NOW + 3) + ",\"err\":null}",
                alice.pop("ret-1"));
    }

    @Test
    void ed25519PeerAsks() throws Exception {
        TestPeers.Peer charlie = start(CHARLIE);
        charlie.push(LocalKeys.SYSTEM_LOCAL, request("job-2", "test.echo", 60, "aGk=", "[1]", "ret-2", 0));
        Envelope sent = peers.transport.nextTo(ALICE).envelope();
        assertEquals('e', sent.getSignature().byteAt(0));
        assertSignedBy(CHARLIE, sent);

        String incoming = alice.pop("msgbus.test.echo");
        assertTrue(incoming.contains("\"src\":\"3\""), incoming);
        alice.push(LocalKeys.SYSTEM_REPLY, answer(incoming, "Im9rIg=="));
        Envelope back = peers.transport.nextTo(CHARLIE).envelope();
        assertEquals('s', back.getSignature().byteAt(0));
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-2\",\"dat\":\"Im9rIg==\",\"src\":\"1\",\"shm\":\"application/json\","
                        + "\"now\":" + NOW + ",\"err\":null}",
                charlie.pop("ret-2"));
    }

    @Test
    void twinWithoutE2eKeyGetsAndSendsPlainPayloads() throws Exception {
        TestPeers.Peer eve = start(EVE);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-3", "test.echo", 60, "e30=", "[5]", "ret-3", 0));
        RoutingTransport.Frame out = peers.transport.nextTo(EVE);
        assertEquals(Envelope.PayloadCase.PLAIN, out.envelope().getPayloadCase());
        assertEquals("{}", out.envelope().getPlain().toStringUtf8());

        eve.push(LocalKeys.SYSTEM_REPLY, answer(eve.pop("msgbus.test.echo"), "e30="));
        Envelope back = peers.transport.nextTo(ALICE).envelope();
        // alice has a key, but eve's is not registered: alice could not decrypt a cipher of eve's
        assertEquals(Envelope.PayloadCase.PLAIN, back.getPayloadCase());
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-3\",\"dat\":\"e30=\",\"src\":\"5\",\"shm\":\"application/json\"," + "\"now\":"
                        + NOW + ",\"err\":null}",
                alice.pop("ret-3"));
    }

    @Test
    void fanOutToThreeDestinations() throws Exception {
        List<TestPeers.Peer> services = List.of(start(BOB), start(CHARLIE), start(EVE));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-4", "test.echo", 100, "e30=", "[2,3,5]", "ret-4", 0));

        List<RoutingTransport.Frame> frames = List.of(
                peers.transport.next(f -> f.from() == ALICE),
                peers.transport.next(f -> f.from() == ALICE),
                peers.transport.next(f -> f.from() == ALICE));
        String uid = frames.get(0).envelope().getUid();
        List<Integer> destinations = new ArrayList<>();
        for (RoutingTransport.Frame frame : frames) {
            assertEquals(uid, frame.envelope().getUid(), "one uid for all destinations");
            int to = frame.envelope().getDestination().getTwin();
            destinations.add(to);
            assertEquals(
                    to == EVE ? Envelope.PayloadCase.PLAIN : Envelope.PayloadCase.CIPHER,
                    frame.envelope().getPayloadCase());
            assertArrayEquals(utf8("{}"), payload(frame, to));
        }
        assertEquals(List.of(BOB, CHARLIE, EVE), destinations, "sent in the order of dst");
        // stored with the removal of the finished item, once all three were handed to a relay
        Backlog backlog = Backlog.parseFrom(Await.value(
                "the backlog stored",
                () -> Optional.ofNullable(alice.redis
                        .<byte[]>getBucket(LocalKeys.backlogKey(uid), org.redisson.client.codec.ByteArrayCodec.INSTANCE)
                        .get())));
        assertEquals(
                Backlog.newBuilder()
                        .setUid(uid)
                        .setReference("job-4")
                        .setReplyTo("ret-4")
                        .setTtl(100)
                        .build(),
                backlog);

        for (TestPeers.Peer service : services) {
            service.push(LocalKeys.SYSTEM_REPLY, answer(service.pop("msgbus.test.echo"), "e30="));
        }
        Set<String> sources = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            IncomingResponse response = IncomingResponse.parse(utf8(alice.pop("ret-4")));
            assertEquals("job-4", response.reference());
            assertEquals("e30=", response.data());
            assertEquals(null, response.error());
            sources.add(response.source());
        }
        assertEquals(Set.of("2", "3", "5"), sources);
        assertEquals(0, alice.length("ret-4"));
        assertTrue(alice.redis.getBucket(LocalKeys.backlogKey(uid)).isExists(), "the backlog is kept");
    }

    @Test
    void rmbVersionIsAnsweredByThePeer() throws Exception {
        TestPeers.Peer bob = start(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-5", "rmb.other", 60, "", "[2]", "ret-5", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-6", "rmb.version", 60, "", "[2]", "ret-5", 0));
        Envelope answer = peers.transport.next(f -> f.from() == BOB).envelope();
        assertEquals("application/json", answer.getSchema());
        assertEquals(300, answer.getExpiration());
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-6\",\"dat\":\"" + Base64Data.encode(utf8("\"v0-test\"")) + "\","
                        + "\"src\":\"2\",\"shm\":\"application/json\",\"now\":" + NOW + ",\"err\":null}",
                alice.pop("ret-5"));
        // rmb.other came first from the same sender: handled (logged, unanswered) before rmb.version
        assertEquals(0, alice.length("ret-5"));
        assertEquals(0, bob.length("msgbus.rmb.other"));
        assertEquals(0, bob.length("msgbus.rmb.version"));
    }

    @Test
    void connectionOfTheSenderIsKeptInSrcAndDst() throws Exception {
        // a direct client (session 7:abc style) asks alice; her service answers to src verbatim
        Envelope unsigned = TestEnvelopes.request(SessionKey.parse("2:abc"), SessionKey.of(ALICE), "test.echo")
                .uid("u-conn")
                .timestamp(NOW)
                .expiration(60)
                .tags("t1")
                .payload("x")
                .build();
        // without a schema, as the direct client sends it
        Envelope request = EnvelopeSignatures.sign(unsigned.toBuilder().clearSchema(), TestTwins.signer(BOB));
        alice.gateway.onEnvelope(request.toByteArray());
        String incoming = alice.pop("msgbus.test.echo");
        assertEquals(
                "{\"ver\":1,\"ref\":\"u-conn\",\"src\":\"2:abc\",\"cmd\":\"test.echo\",\"exp\":60,\"dat\":\"eA==\","
                        + "\"tag\":\"t1\",\"ret\":\"msgbus.system.reply\",\"shm\":null,\"now\":" + NOW + "}",
                incoming);
        alice.push(
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"u-conn\",\"dat\":\"eQ==\",\"dst\":\"2:abc\"," + "\"now\":0}");
        Envelope back = peers.transport.nextTo(BOB).envelope();
        assertEquals(SessionKey.parse("2:abc"), SessionKey.of(back.getDestination()));
        assertEquals("u-conn", back.getUid());
        assertEquals("application/json", back.getSchema(), "no shm: the schema the TS client verifies with");
        assertFalse(back.hasTags());
    }

    @Test
    void serviceErrorBecomesAnErrorEnvelope() throws Exception {
        TestPeers.Peer bob = start(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-7", "test.fail", 60, "e30=", "[2]", "ret-7", 0));
        IncomingRequest incoming = IncomingRequest.parse(utf8(bob.pop("msgbus.test.fail")));
        bob.push(
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"" + incoming.reference() + "\",\"dat\":\"not base64!\","
                        + "\"dst\":\"1\",\"shm\":null,\"now\":0,\"err\":{\"code\":255,\"message\":\"function not found\"}}");
        Envelope back = peers.transport.nextTo(ALICE).envelope();
        assertTrue(back.hasError());
        assertEquals(255, back.getError().getCode());
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-7\",\"dat\":\"\",\"src\":\"2\",\"shm\":\"application/json\",\"now\":" + NOW
                        + ",\"err\":{\"code\":255,\"message\":\"function not found\"}}",
                alice.pop("ret-7"));
    }

    @Test
    void requestsOfOneClientArriveInOrder() throws Exception {
        TestPeers.Peer bob = start(BOB);
        for (int i = 0; i < 30; i++) {
            alice.push(
                    LocalKeys.SYSTEM_LOCAL,
                    request(
                            "n" + i,
                            "test.order",
                            60,
                            Base64Data.encode(utf8(Integer.toString(i))),
                            "[2]",
                            "ret-order",
                            0));
        }
        for (int i = 0; i < 30; i++) {
            IncomingRequest incoming = IncomingRequest.parse(utf8(bob.pop("msgbus.test.order")));
            assertEquals(Integer.toString(i), new String(Base64Data.decode(incoming.data()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void pythonTesterAndEchoHandlerWorkUnchanged() throws Exception {
        TestPeers.Peer bob = start(BOB);
        // what rmb_tester.py pushes (json.dumps: spaces, no tag, empty ref)
        alice.push(
                LocalKeys.SYSTEM_LOCAL,
                "{\"ver\": 1, \"ref\": \"\", \"cmd\": \"testme\", \"exp\": 120, "
                        + "\"dat\": \"QUJDMTIzw6k=\", \"dst\": [2], \"ret\": \"0d7c2f8e\", \"shm\": \"application/json\", "
                        + "\"now\": " + NOW + "}");
        IncomingRequest incoming = IncomingRequest.parse(utf8(bob.pop("msgbus.testme")));
        // what msg_handler.py pushes back: the request with src and dst swapped, a new now, no err
        bob.push(
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\": 1, \"ref\": \"" + incoming.reference() + "\", \"cmd\": \"testme\", "
                        + "\"exp\": " + incoming.expiration() + ", \"dat\": \"QUJDMTIzw6k=\", \"dst\": \""
                        + incoming.source()
                        + "\", \"ret\": \"msgbus.system.reply\", \"shm\": \"application/json\", \"now\": " + NOW + "}");
        assertEquals(
                "{\"ver\":1,\"ref\":\"\",\"dat\":\"QUJDMTIzw6k=\",\"src\":\"2\",\"shm\":\"application/json\","
                        + "\"now\":" + NOW + ",\"err\":null}",
                alice.pop("0d7c2f8e"));
    }

    @Test
    void goRouterResponseWithoutSchemaIsSentAsJson() throws Exception {
        TestPeers.Peer bob = start(BOB);
        alice.push(
                LocalKeys.SYSTEM_LOCAL,
                "{\"ver\":1,\"ref\":\"\",\"cmd\":\"zos.system.version\",\"exp\":300,"
                        + "\"dat\":\"bnVsbA==\",\"dst\":[2],\"ret\":\"go-ret\",\"shm\":\"\",\"now\":0}");
        IncomingRequest incoming = IncomingRequest.parse(utf8(bob.pop("msgbus.zos.system.version")));
        assertEquals("", incoming.schema());
        // DefaultRouter copies the request's schema (here "") and leaves err out
        bob.push(
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"" + incoming.reference() + "\",\"dat\":\"InYxIg==\"," + "\"dst\":\""
                        + incoming.source() + "\",\"shm\":\"\",\"now\":" + NOW + "}");
        assertEquals(
                "application/json", peers.transport.nextTo(ALICE).envelope().getSchema());
        assertEquals(
                "{\"ver\":1,\"ref\":\"\",\"dat\":\"InYxIg==\",\"src\":\"2\",\"shm\":\"application/json\"," + "\"now\":"
                        + NOW + ",\"err\":null}",
                alice.pop("go-ret"));
    }
}
