package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded relay's memory budget as a twin meets it (the server runs with {@code -Xmx512m}, so
 * one sender may keep about 15 MiB waiting for one twin): large requests to an offline session
 * are queued until the sender's share of that twin is used, then each gets the error envelope
 * {@code queue full for twin 2: too much waiting from twin 1}; another sender still gets through.
 */
class QueueBudgetIT {

    private static final String FULL = "queue full for twin 2: too much waiting from twin 1";

    private static TwinSocket connect(SessionKey session) throws Exception {
        return TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), session);
    }

    @Test
    void largeRequestsBeyondTheSendersShareAreRefusedWhileAnotherSenderGetsThrough() throws Exception {
        SessionKey alice = new SessionKey(1, "budget-sender-" + Uids.next());
        SessionKey carol = new SessionKey(3, "budget-other-" + Uids.next());
        SessionKey bob = new SessionKey(2, "budget-offline-" + Uids.next());
        byte[] payload = new byte[(4 << 20) - 4096];
        try {
            List<String> sent = new ArrayList<>();
            List<Envelope> answers;
            try (TwinSocket a = connect(alice)) {
                for (int i = 0; i < 8; i++) {
                    Envelope big =
                            TestTwins.request(alice, bob, Uids.next(), "test.big", payload, TestEnvelopes.now(), 300);
                    sent.add(big.getUid());
                    a.send(big);
                }
                answers = untilMarkersError(a, alice);
            }
            List<Envelope> refusals = answers.subList(0, answers.size() - 1);
            assertTrue(!refusals.isEmpty() && refusals.size() < sent.size(), "some fit, some not: " + refusals);
            for (Envelope refusal : refusals) {
                assertEquals(FULL, refusal.getError().getMessage());
            }
            assertEquals(
                    sent.subList(sent.size() - refusals.size(), sent.size()),
                    refusals.stream().map(Envelope::getUid).toList(),
                    "the ones beyond the share are refused, in order");
            try (TwinSocket c = connect(carol)) {
                c.send(TestTwins.request(carol, bob, "carol still gets through"));
                assertEquals(1, untilMarkersError(c, carol).size(), "no error before the marker's");
            }
        } finally {
            RelayAdmin.of("127.0.0.1:" + EmbeddedRelayServer.adminPort())
                    .call("DELETE", "/admin/queues/" + bob.twin() + "/" + bob.sid());
        }
    }

    /** Sends a request to an unknown twin and collects what comes until its error (the last one). */
    private static List<Envelope> untilMarkersError(TwinSocket socket, SessionKey from) throws Exception {
        Envelope marker = TestTwins.request(from, SessionKey.of(99), "to nobody");
        socket.send(marker);
        return socket.collectUntil(
                "the error for the request to twin 99",
                envelopes -> !envelopes.isEmpty()
                        && envelopes.get(envelopes.size() - 1).getUid().equals(marker.getUid()),
                TwinSocket.WAIT);
    }
}
