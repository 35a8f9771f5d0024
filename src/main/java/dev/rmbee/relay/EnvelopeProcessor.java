package dev.rmbee.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the relay does with one binary frame from an authenticated session (relay.md §5–6): parse,
 * check that the envelope's source is the session, answer a Ping with a Pong, and hand everything
 * else to the session it is addressed to.
 */
public final class EnvelopeProcessor {

    private static final Logger LOG = Logger.getLogger(EnvelopeProcessor.class.getName());

    private final SessionRegistry sessions;
    private final Clock clock;

    public EnvelopeProcessor(SessionRegistry sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Processes one frame received on {@code from}.
     *
     * @throws InvalidProtocolBufferException when the frame is not an Envelope (the caller closes the session)
     */
    public void process(Connection from, byte[] frame) throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.parseFrom(frame);
        SessionKey session = from.session();
        if (!envelope.hasSource() || !session.matches(envelope.getSource())) {
            reject(from, envelope, "message wrong source");
            return;
        }
        if (envelope.getMessageCase() == Envelope.MessageCase.PING) {
            from.send(RelayEnvelopes.pong(envelope).toByteArray());
            return;
        }
        if (!envelope.hasDestination() || envelope.getDestination().getTwin() == 0) {
            reject(from, envelope, "message with missing destination");
            return;
        }
        SessionKey destination = SessionKey.of(envelope.getDestination());
        Optional<Connection> target = sessions.find(destination);
        if (target.isPresent()) {
            // forwarded byte for byte: the relay never re-serializes what it routes
            target.get().send(frame);
        } else {
            reject(from, envelope, "destination offline");
        }
    }

    /** Sends the relay's error reply for a request; failures of other envelopes are only logged. */
    private void reject(Connection from, Envelope envelope, String reason) {
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST) {
            LOG.log(Level.FINE, "dropping {0} envelope {1} from {2}: {3}",
                    new Object[] {envelope.getMessageCase(), envelope.getUid(), from.session(), reason});
            return;
        }
        LOG.log(Level.FINE, "refusing request {0} from {1}: {2}",
                new Object[] {envelope.getUid(), from.session(), reason});
        long now = clock.instant().getEpochSecond();
        from.send(RelayEnvelopes.error(envelope.getUid(), from.session(), reason, now).toByteArray());
    }
}
