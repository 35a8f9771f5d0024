package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeProcessorTest {

    private final SessionRegistry sessions = new SessionRegistry();
    private final EnvelopeProcessor processor =
            new EnvelopeProcessor(sessions, Clock.fixed(Instant.ofEpochSecond(1_700_000_002L), ZoneOffset.UTC));

    /** A connection that records what the relay sends it. */
    static final class RecordingConnection implements Connection {
        final SessionKey session;
        final List<byte[]> sent = new ArrayList<>();
        int closeCode;

        RecordingConnection(SessionKey session) {
            this.session = session;
        }

        @Override
        public SessionKey session() {
            return session;
        }

        @Override
        public void send(byte[] envelope) {
            sent.add(envelope);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        Envelope last() throws InvalidProtocolBufferException {
            return Envelope.parseFrom(sent.get(sent.size() - 1));
        }
    }

    @Test
    void pingIsAnsweredOnTheSameConnection() throws Exception {
        RecordingConnection alice = new RecordingConnection(SessionKey.of(1));
        processor.process(alice, EnvelopeVectors.envelope("ping_official_verbatim").toByteArray());
        assertEquals(EnvelopeVectors.envelope("pong_from_relay"), alice.last());
    }

    @Test
    void requestToAConnectedSessionIsForwardedByteForByte() throws Exception {
        RecordingConnection alice = new RecordingConnection(SessionKey.of(1));
        RecordingConnection bob = new RecordingConnection(SessionKey.of(2));
        sessions.register(alice);
        sessions.register(bob);
        byte[] frame = dev.rmbee.testing.Vectors.hex(
                EnvelopeVectors.vector("request_plain_minimal_sr25519").getString("protobuf_hex"));
        processor.process(alice, frame);
        assertEquals(1, bob.sent.size());
        assertArrayEquals(frame, bob.sent.get(0));
        assertTrue(alice.sent.isEmpty());
    }

    @Test
    void wrongSourceGetsTheReferenceErrorForRequestsOnly() throws Exception {
        RecordingConnection session = new RecordingConnection(new SessionKey(1, "interop-1"));
        Envelope request = EnvelopeVectors.envelope("request_plain_minimal_sr25519");
        processor.process(session, request.toByteArray());
        Envelope error = session.last();
        assertEquals("message wrong source", error.getError().getMessage());
        assertEquals(request.getUid(), error.getUid());
        assertEquals(1_700_000_002L, error.getTimestamp());
        assertTrue(session.session.matches(error.getDestination()));

        Envelope response = request.toBuilder().setResponse(Response.getDefaultInstance()).build();
        processor.process(session, response.toByteArray());
        assertEquals(1, session.sent.size(), "no error reply for a response");
    }

    @Test
    void pingFromAnotherSourceIsDropped() throws Exception {
        RecordingConnection session = new RecordingConnection(SessionKey.of(2));
        processor.process(session, EnvelopeVectors.envelope("ping_official_verbatim").toByteArray());
        assertTrue(session.sent.isEmpty());
    }

    @Test
    void missingDestinationAndOfflineDestinationAreErrors() throws Exception {
        RecordingConnection alice = new RecordingConnection(SessionKey.of(1));
        Envelope request = EnvelopeVectors.envelope("request_plain_minimal_sr25519");
        processor.process(alice, request.toBuilder().clearDestination().build().toByteArray());
        assertEquals("message with missing destination", alice.last().getError().getMessage());
        processor.process(alice, request.toByteArray());
        assertEquals("destination offline", alice.last().getError().getMessage());
    }

    @Test
    void garbageIsRefusedWithoutSideEffects() {
        RecordingConnection alice = new RecordingConnection(SessionKey.of(1));
        assertThrows(InvalidProtocolBufferException.class, () -> processor.process(alice, new byte[] {(byte) 0xff, 0x01}));
        assertTrue(alice.sent.isEmpty());
    }

    @Test
    void newerConnectionReplacesOnlyTheOlderOne() {
        RecordingConnection first = new RecordingConnection(SessionKey.of(3));
        RecordingConnection second = new RecordingConnection(SessionKey.of(3));
        assertTrue(sessions.register(first).isEmpty());
        assertEquals(first, sessions.register(second).orElseThrow());
        assertFalse(sessions.unregister(first), "the replaced connection does not remove its successor");
        assertEquals(second, sessions.find(SessionKey.of(3)).orElseThrow());
        assertTrue(sessions.unregister(second));
        assertFalse(sessions.isConnected(SessionKey.of(3)));
    }
}
