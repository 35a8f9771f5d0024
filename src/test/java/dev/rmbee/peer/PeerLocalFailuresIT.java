package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.Await;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong with a local request is reported on its {@code ret} list (where the reference only
 * logs), and malformed items are skipped without stopping the loop.
 */
class PeerLocalFailuresIT extends PeerTestBase {

    @Test
    void expiredRequestIsReportedAndNotSent() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-e", "test.echo", 60, "e30=", "[2]", "ret-e", NOW - 60));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-z", "test.echo", 0, "e30=", "[2]", "ret-e", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-ok", "test.echo", 60, "e30=", "[2]", "ret-e", NOW - 59));
        String expired = localError("job-e", 102, "envelope validation error: message has expired");
        assertEquals(expired, alice.pop("ret-e"));
        assertEquals(localError("job-z", 102, "envelope validation error: message has expired"), alice.pop("ret-e"));
        Envelope sent = peers.transport.nextTo(BOB).envelope();
        assertEquals(1, sent.getExpiration(), "one second left of job-ok");
        assertEquals(List.of(), peers.transport.drain(), "the expired ones were never sent");
    }

    @Test
    void expiredErrorHasTheReferenceShape() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-e", "test.echo", 10, "e30=", "[2]", "ret-e", 1000));
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-e\",\"dat\":\"\",\"src\":\"\",\"shm\":null,\"now\":0,\"err\":"
                        + "{\"code\":102,\"message\":\"envelope validation error: message has expired\"}}",
                alice.pop("ret-e"));
    }

    @Test
    void badBase64IsReported() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-b", "test.echo", 60, "e30*", "[2]", "ret-b", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request(null, "test.echo", 60, "e3-_", "[2]", "ret-b", 0));
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-b\",\"dat\":\"\",\"src\":\"\",\"shm\":null,\"now\":0,\"err\":{\"code\":400,"
                        + "\"message\":\"invalid request: invalid data base64 encoding: invalid character at offset 3\"}}",
                alice.pop("ret-b"));
        assertEquals(
                localError(null, 400, "invalid request: invalid data base64 encoding: invalid character at offset 2"),
                alice.pop("ret-b"));
    }

    @Test
    void unknownDestinationIsReportedAndTheOthersServed() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-u", "test.echo", 60, "e30=", "[99,4]", "ret-u", 0));
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-u\",\"dat\":\"\",\"src\":\"\",\"shm\":null,\"now\":0,"
                        + "\"err\":{\"code\":103,\"message\":\"unknown twin id '99'\"}}",
                alice.pop("ret-u"));
        assertEquals(
                DAVE,
                peers.transport
                        .next(f -> f.from() == ALICE)
                        .envelope()
                        .getDestination()
                        .getTwin());
    }

    @Test
    void twinLookupFailureIsReported() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-l", "test.echo", 60, "e30=", "[10]", "ret-l", 0));
        assertEquals(localError("job-l", 500, "other: chain unreachable"), alice.pop("ret-l"));
    }

    @Test
    void encryptionFailureIsReportedAndNothingSent() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-k", "test.echo", 60, "e30=", "[9]", "ret-k", 0));
        IncomingResponse error = IncomingResponse.parse(utf8(alice.pop("ret-k")));
        assertEquals(106, error.error().code());
        assertTrue(
                error.error().message().startsWith("e2e error: invalid public key"),
                error.error().message());
        assertEquals(List.of(), peers.transport.drain());
    }

    @Test
    void noRelayBeforeTheDeadlineIsReported() throws Exception {
        peers.transport.makeUnreachable(BOB);
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-n", "test.echo", 60, "e30=", "[2]", "ret-n", 0));
        assertEquals(
                localError(
                        "job-n",
                        500,
                        "other: no relay connection accepted the envelope before " + Instant.ofEpochSecond(NOW + 60)),
                alice.pop("ret-n"));
    }

    @Test
    void wrongTypesWithAReadableRetAreReported() throws Exception {
        alice.push(
                LocalKeys.SYSTEM_LOCAL,
                "{\"ver\":1,\"ref\":\"job-w\",\"cmd\":\"x\",\"exp\":-5,\"dat\":\"\","
                        + "\"dst\":[2],\"ret\":\"ret-w\",\"now\":0}");
        alice.push(
                LocalKeys.SYSTEM_LOCAL,
                "{\"ver\":1,\"cmd\":\"x\",\"exp\":5,\"dat\":\"\",\"dst\":[\"2\"]," + "\"ret\":\"ret-w\",\"now\":0}");
        assertEquals(
                "{\"ver\":1,\"ref\":\"job-w\",\"dat\":\"\",\"src\":\"\",\"shm\":null,\"now\":0,\"err\":{\"code\":400,"
                        + "\"message\":\"invalid request: member \\\"exp\\\": expected an unsigned 64-bit integer, found -5\"}}",
                alice.pop("ret-w"));
        assertEquals(
                localError(
                        null,
                        400,
                        "invalid request: member \"dst\": expected an unsigned 32-bit integer, " + "found a string"),
                alice.pop("ret-w"));
    }

    @Test
    void malformedItemsAreSkippedAndTheLoopGoesOn() throws Exception {
        TestPeers.Peer bob = start(BOB);
        for (String junk : List.of(
                "not json",
                "",
                "[1,2]",
                "{\"ret\":5}",
                "{\"ver\":1}",
                "{}x",
                "{\"ver\":1,\"ref\":\"r\",\"dat\":\"\",\"dst\":\"1\",\"now\":-1}")) {
            alice.push(LocalKeys.SYSTEM_LOCAL, junk);
            alice.push(LocalKeys.SYSTEM_REPLY, junk);
        }
        alice.redis
                .<byte[]>getDeque(LocalKeys.SYSTEM_LOCAL, org.redisson.client.codec.ByteArrayCodec.INSTANCE)
                .addFirst(new byte[] {'{', (byte) 0xff, '}'});
        // a response to nowhere: dst is no address
        alice.push(LocalKeys.SYSTEM_REPLY, "{\"ver\":1,\"ref\":\"r\",\"dat\":\"\",\"dst\":\"bob\",\"now\":0}");
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-after", "test.echo", 60, "e30=", "[2]", "ret-after", 0));
        alice.push(LocalKeys.SYSTEM_REPLY, "{\"ver\":1,\"ref\":\"x\",\"dat\":\"\",\"dst\":\"2\",\"now\":0}");

        assertTrue(bob.pop("msgbus.test.echo").contains("\"src\":\"1\""));
        assertEquals(
                "x",
                peers.transport
                        .next(f -> f.from() == ALICE && f.envelope().hasResponse())
                        .envelope()
                        .getUid(),
                "the reply list is drained after the junk too");
        assertEquals(0, alice.length(LocalKeys.SYSTEM_LOCAL));
        assertEquals(0, alice.length(LocalKeys.SYSTEM_REPLY));
    }

    @Test
    void ttlIsClampedAndTheBacklogKeepsIt() throws Exception {
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-long", "test.echo", 7200, "e30=", "[4]", "ret-c", 0));
        Envelope sent = peers.transport.nextTo(DAVE).envelope();
        assertEquals(1800, sent.getExpiration(), "7200 clamped to 1800");
        String key = LocalKeys.backlogKey(sent.getUid());
        // stored with the removal of the finished item, once it was handed to a relay
        Await.until(
                "the backlog stored", () -> peers.redis(ALICE).getBucket(key).isExists());
        long ttl = peers.redis(ALICE).getBucket(key).remainTimeToLive() / 1000; // PTTL in alice's database
        assertTrue(ttl > 1790 && ttl <= 1800, "backlog TTL " + ttl);

        // an empty dst sends nothing, yet the backlog is stored (peer.md §6.1)
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-none", "test.echo", 50, "e30=", "[]", "ret-c", 0));
        alice.push(LocalKeys.SYSTEM_LOCAL, request("job-next", "test.echo", 50, "e30=", "[4]", "ret-c", 0));
        Envelope next = peers.transport.next(f -> f.from() == ALICE).envelope();
        assertEquals(50, next.getExpiration());
        Await.until(
                "three backlogs stored",
                () -> alice.redis
                                .getKeys()
                                .getKeysStream()
                                .filter(name -> name.startsWith("msgbus.backlog."))
                                .count()
                        == 3);
    }

    @Test
    void aServiceResponseWithBadBase64BecomesAnErrorForTheRequester() throws Exception {
        alice.push(
                LocalKeys.SYSTEM_REPLY,
                "{\"ver\":1,\"ref\":\"u-1\",\"dat\":\"%%%\",\"dst\":\"4\",\"shm\":null," + "\"now\":0,\"err\":null}");
        Envelope sent = peers.transport.nextTo(DAVE).envelope();
        assertTrue(sent.hasError());
        assertEquals(400, sent.getError().getCode());
        assertEquals(
                "invalid request: response with invalid data base64 encoding: invalid character at offset 0",
                sent.getError().getMessage());
        assertEquals("u-1", sent.getUid());
    }
}
