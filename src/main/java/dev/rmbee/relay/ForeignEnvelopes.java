package dev.rmbee.relay;

import dev.rmbee.registry.Twin;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where the relay hands envelopes for twins that other relays serve (federation). */
public interface ForeignEnvelopes {

    /**
     * Accepts an envelope for {@code destination}, a twin none of whose relays is this one. The
     * stage fails with a message for the sender when the envelope cannot be taken.
     *
     * @param frame the envelope bytes exactly as the sender sent them
     */
    CompletionStage<Void> forward(Envelope envelope, byte[] frame, Twin destination);

    /** For a relay that does not federate: every foreign envelope is refused. */
    ForeignEnvelopes REFUSE = (envelope, frame, destination) ->
            CompletableFuture.failedFuture(new IllegalStateException("destination is served by another relay "
                    + destination.relays() + " and this relay does not federate"));
}
