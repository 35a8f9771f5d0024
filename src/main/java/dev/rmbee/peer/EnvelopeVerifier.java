package dev.rmbee.peer;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.identity.e2e.E2eException;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.util.Optional;

/**
 * The checks on a received envelope (peer.md §7 step 2), in the reference's order: TTL (102), the
 * sender twin (500 when the lookup fails, 103 when unknown), its signature against the sender's
 * account (104), and a cipher payload: sender without {@code pk} (105), decryption (106). An
 * envelope without source (twin 0) cannot be verified; only an Error (what relays send) is let
 * through unsigned — the reference trusts any such envelope.
 */
final class EnvelopeVerifier {

    /** What was received: the envelope with its payload decrypted, or why it is refused. */
    sealed interface Verdict permits Accepted, Refused, Dropped {}

    /** Verified; {@code envelope} carries the plain payload. */
    record Accepted(Envelope envelope) implements Verdict {}

    /** Refused with a failure the sender of a request is told about. */
    record Refused(PeerFailure failure) implements Verdict {}

    /** Refused without a word to anyone: nobody to answer (an unsigned envelope without source). */
    record Dropped(String reason) implements Verdict {}

    private final TwinRegistry registry;
    private final E2eKey e2eKey;
    private final Clock clock;

    EnvelopeVerifier(TwinRegistry registry, E2eKey e2eKey, Clock clock) {
        this.registry = registry;
        this.e2eKey = e2eKey;
        this.clock = clock;
    }

    Verdict verify(Envelope envelope) {
        long now = clock.instant().getEpochSecond();
        int sender = envelope.getSource().getTwin();
        if (EnvelopeTime.isExpired(now, envelope.getTimestamp(), envelope.getExpiration())) {
            return sender == 0 ? new Dropped("expired, without source") : new Refused(PeerFailure.expired());
        }
        if (sender == 0) {
            return envelope.hasError()
                    ? new Accepted(envelope)
                    : new Dropped("an unsigned " + kind(envelope) + " without source; only errors may come unsigned");
        }
        Optional<Twin> twin;
        try {
            twin = registry.find(sender);
        } catch (RegistryException e) {
            return new Refused(PeerFailure.other("failed to get twin information: " + e.getMessage()));
        }
        if (twin.isEmpty()) {
            return new Refused(PeerFailure.unknownTwin(sender));
        }
        try {
            EnvelopeSignatures.verify(envelope, twin.get().account());
        } catch (InvalidSignatureException e) {
            return new Refused(PeerFailure.invalidSignature(e.getMessage()));
        }
        if (envelope.getPayloadCase() != Envelope.PayloadCase.CIPHER) {
            return new Accepted(envelope);
        }
        if (!twin.get().hasPk()) {
            return new Refused(PeerFailure.noPublicKey());
        }
        try {
            byte[] plain = e2eKey.decrypt(twin.get().pk(), envelope.getCipher().toByteArray());
            return new Accepted(
                    envelope.toBuilder().setPlain(ByteString.copyFrom(plain)).build());
        } catch (E2eException e) {
            return new Refused(PeerFailure.e2e(e.getMessage()));
        }
    }

    static String kind(Envelope envelope) {
        return switch (envelope.getMessageCase()) {
            case REQUEST -> "request";
            case RESPONSE -> "response";
            case ERROR -> "error";
            case PING -> "ping";
            case PONG -> "pong";
            case MESSAGE_NOT_SET -> "envelope without message";
        };
    }
}
