package dev.rmbee.peer;

import com.google.protobuf.ByteString;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.identity.e2e.E2eException;
import dev.rmbee.peer.link.RelayTransport;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one envelope as this peer (peer.md §3 "Sending"): looks up the destination twin, encrypts
 * the payload for its {@code pk} (plain when it has none), sets this twin as the source, stamps,
 * refuses what has expired, signs, and hands the bytes to the relay transport with the envelope's
 * deadline. Everything before the handing over happens on the calling thread.
 *
 * <p>Unlike the reference, the payload also stays plain while the registry holds no e2e key of this
 * peer's own twin, or another one than this peer's: a receiver decrypts with the key registered for
 * the sender, so a cipher would only earn error 105 or 106 there. (The reference publishes its key
 * on chain at start-up, so the case does not arise for it; this peer publishes nothing.)
 */
final class EnvelopeWriter {

    /** Largest Unix second an {@link Instant} holds; saturated deadlines beyond it are "never". */
    private static final long MAX_INSTANT_SECOND = Instant.MAX.getEpochSecond();

    private final PeerIdentity identity;
    private final TwinRegistry registry;
    private final RelayTransport transport;
    private final Clock clock;
    private final byte[] ownPk;

    EnvelopeWriter(PeerIdentity identity, TwinRegistry registry, RelayTransport transport, Clock clock) {
        this.identity = identity;
        this.ownPk = identity.e2eKey().publicKey();
        this.registry = registry;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Sends {@code envelope} (uid, destination, timing, message, payload set; no source).
     *
     * @return completes once a relay connection wrote it; fails with a {@link PeerFailure}: 103 or
     *     500 for the destination lookup, 106 when a request cannot be encrypted, 500 when it
     *     expired before sending or no relay took it before its deadline
     */
    CompletableFuture<Void> send(Envelope.Builder envelope) {
        int destination = envelope.getDestination().getTwin();
        Optional<Twin> twin;
        try {
            twin = registry.find(destination);
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(PeerFailure.other(AsyncResults.describe(e)));
        }
        if (twin.isEmpty()) {
            return CompletableFuture.failedFuture(PeerFailure.unknownTwin(destination));
        }
        if (twin.get().hasPk() && ownKeyIsRegistered()) {
            try {
                byte[] plain = envelope.getPayloadCase() == Envelope.PayloadCase.PLAIN
                        ? envelope.getPlain().toByteArray()
                        : new byte[0];
                envelope.setCipher(
                        ByteString.copyFrom(identity.e2eKey().encrypt(twin.get().pk(), plain)));
            } catch (E2eException e) {
                PeerFailure failure = PeerFailure.e2e(e.getMessage());
                if (envelope.hasRequest()) {
                    return CompletableFuture.failedFuture(failure);
                }
                // a response cannot reach a local caller: the destination learns why instead (wire.md §10.5)
                envelope.clearPayload()
                        .setError(Error.newBuilder().setCode(failure.code()).setMessage(failure.getMessage()));
            }
        }
        envelope.setSource(Address.newBuilder().setTwin(identity.twinId()));
        long now = clock.instant().getEpochSecond();
        EnvelopeTime.Stamp stamp = EnvelopeTime.stamp(now, envelope.getTimestamp(), envelope.getExpiration());
        envelope.setTimestamp(stamp.timestamp()).setExpiration(stamp.expiration());
        if (EnvelopeTime.isExpired(now, stamp.timestamp(), stamp.expiration())) {
            return CompletableFuture.failedFuture(PeerFailure.other("response has expired before sending!"));
        }
        byte[] bytes = EnvelopeSignatures.sign(envelope, identity.signer()).toByteArray();
        Instant deadline = instant(EnvelopeTime.deadline(stamp.timestamp(), stamp.expiration()));
        CompletableFuture<Void> written;
        try {
            written = transport.send(bytes, deadline);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((result, error) -> {
            if (error != null) {
                throw new CompletionException(PeerFailure.other(AsyncResults.describe(AsyncResults.unwrap(error))));
            }
            return null;
        });
    }

    /** False when the registry says this twin has no e2e key or another one; a failed lookup counts as true. */
    private boolean ownKeyIsRegistered() {
        try {
            return registry.find(identity.twinId())
                    .map(own -> Arrays.equals(own.pk(), ownPk))
                    .orElse(true);
        } catch (RegistryException e) {
            return true;
        }
    }

    /** An unsigned Unix second as an Instant, saturated at {@link Instant#MAX}. */
    static Instant instant(long unsignedSeconds) {
        return Long.compareUnsigned(unsignedSeconds, MAX_INSTANT_SECOND) > 0
                ? Instant.MAX
                : Instant.ofEpochSecond(unsignedSeconds);
    }
}
