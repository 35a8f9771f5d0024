package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkPingsTest {

    @Test
    void aPingComesFromTheTwinsSessionToItselfUnsigned() throws Exception {
        String uid = LinkPings.newUid();
        Envelope ping = Envelope.parseFrom(
                LinkPings.ping(7, uid, Instant.ofEpochSecond(1_700_000_000L), Duration.ofSeconds(40)));
        assertEquals(Envelope.MessageCase.PING, ping.getMessageCase());
        assertEquals(uid, ping.getUid());
        assertTrue(SessionKey.of(7).matches(ping.getSource()), "the relay requires source = the session exactly");
        assertTrue(SessionKey.of(7).matches(ping.getDestination()));
        assertEquals(1_700_000_000L, ping.getTimestamp());
        assertEquals(40, ping.getExpiration());
        assertFalse(ping.hasSignature());
    }

    @Test
    void theRelaysPongToItIsRecognised() {
        String uid = LinkPings.newUid();
        byte[] ping = LinkPings.ping(7, uid, Instant.ofEpochSecond(1_700_000_000L), Duration.ofSeconds(40));
        byte[] pong = RelayEnvelopes.pong(parse(ping)).toByteArray();
        assertEquals(uid, LinkPings.ownPongUid(pong));
    }

    @Test
    void otherEnvelopesAreNotTheLinks() {
        SessionKey twin = SessionKey.of(7);
        Envelope someonesPong =
                RelayEnvelopes.pong(TestEnvelopes.ping(twin).uid("5e7a…").build());
        assertNull(LinkPings.ownPongUid(someonesPong.toByteArray()));
        Envelope request =
                TestEnvelopes.request(twin, twin, "x").uid(LinkPings.newUid()).build();
        assertNull(LinkPings.ownPongUid(request.toByteArray()), "a prefix alone is not enough");
        Envelope large = RelayEnvelopes.pong(TestEnvelopes.ping(twin)
                .uid(LinkPings.newUid())
                .payload(new byte[1000])
                .build());
        assertNull(LinkPings.ownPongUid(large.toByteArray()), "large messages are not parsed");
        assertNull(LinkPings.ownPongUid(new byte[] {(byte) 0xFF, 0x01}));
        assertNull(LinkPings.ownPongUid(new byte[0]));
    }

    private static Envelope parse(byte[] bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
