package dev.rmbee.peer;

import com.google.protobuf.ByteString;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.api.JsonStrings;
import dev.rmbee.peer.api.ResponseError;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import dev.rmbee.wire.proto.Types.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the relays deliver (peer.md §7): each envelope is verified, then a request goes to the
 * built-in {@code rmb} commands or to {@code msgbus.<cmd>} for a local service, and a response or
 * error goes, through the backlog of its request, to the {@code ret} list of the client that asked.
 * A request that fails verification or cannot be stored is answered with an Error envelope.
 */
final class IncomingTraffic {

    private static final Logger LOG = Logger.getLogger(IncomingTraffic.class.getName());
    /** Other twins set the rate of what is dropped or refused here: once a minute per kind, with a count. */
    private static final LogThrottle REFUSALS = LogThrottle.perInterval();

    /** The prefix of the commands this peer answers itself (peer.md §9.1). */
    static final String BUILTIN_PREFIX = "rmb";

    static final String VERSION_COMMAND = "rmb.version";
    /** Expiration of replies to remote requests that fail locally and of built-in answers (reference: 300). */
    static final long REPLY_EXPIRATION = 300;

    private final EnvelopeVerifier verifier;
    private final EnvelopeWriter writer;
    private final LocalBus bus;
    private final FinishBatches finishes;
    private final Backlogs backlogs;
    private final RecentMessages recent;
    private final byte[] versionJson;

    IncomingTraffic(
            EnvelopeVerifier verifier,
            EnvelopeWriter writer,
            LocalBus bus,
            FinishBatches finishes,
            Backlogs backlogs,
            RecentMessages recent,
            String version) {
        this.verifier = verifier;
        this.writer = writer;
        this.bus = bus;
        this.finishes = finishes;
        this.backlogs = backlogs;
        this.recent = recent;
        this.versionJson = JsonStrings.quote(version).getBytes(StandardCharsets.UTF_8);
    }

    Progress handle(Envelope received) {
        EnvelopeVerifier.Verdict verdict = verifier.verify(received);
        if (verdict instanceof EnvelopeVerifier.Dropped dropped) {
            warn(
                    "dropped: " + dropped.reason(),
                    received,
                    () -> "peer: dropped " + describe(received) + ": " + dropped.reason());
            return Progress.DONE;
        }
        if (verdict instanceof EnvelopeVerifier.Refused refused) {
            warn(
                    "refused",
                    received,
                    () -> "peer: refused " + describe(received) + ": "
                            + refused.failure().getMessage());
            if (!received.hasRequest()) {
                return Progress.DONE;
            }
            // wire.md §10.3: the request's uid and expiration, to its source, with the failure's code; the
            // expiration clamped like any other (the reference keeps it as it is: a forged 2^64-1
            // would make the reply wait for a relay forever)
            Envelope.Builder reply = Envelope.newBuilder()
                    .setUid(received.getUid())
                    .setDestination(received.getSource())
                    .setExpiration(OutgoingTraffic.clampTtl(received.getExpiration()))
                    .setError(Error.newBuilder()
                            .setCode(refused.failure().code())
                            .setMessage(refused.failure().getMessage()));
            return new Progress(CompletableFuture.completedFuture(null), sendReply(reply, received));
        }
        Envelope envelope = ((EnvelopeVerifier.Accepted) verdict).envelope();
        if (envelope.hasRequest()) {
            String command = envelope.getRequest().getCommand();
            int dot = command.indexOf('.');
            if (dot >= 0 && command.substring(0, dot).equals(BUILTIN_PREFIX)) {
                return builtin(envelope);
            }
            return toService(envelope);
        }
        if (envelope.hasResponse() || envelope.hasError()) {
            return toClient(envelope);
        }
        warn(
                "no message",
                envelope,
                () -> "peer: dropped " + describe(envelope) + ": neither request, response nor error");
        return Progress.DONE;
    }

    /** A request for a local service: {@code LPUSH msgbus.<cmd>}; on failure a code-0 error to the sender. */
    private Progress toService(Envelope envelope) {
        IncomingRequest request = new IncomingRequest(
                1,
                envelope.getUid(),
                SessionKey.of(envelope.getSource()).toString(),
                envelope.getRequest().getCommand(),
                envelope.getExpiration(),
                Base64Data.encode(envelope.getPlain().toByteArray()),
                envelope.hasTags() ? envelope.getTags() : null,
                LocalKeys.SYSTEM_REPLY,
                envelope.hasSchema() ? envelope.getSchema() : null,
                envelope.getTimestamp());
        String queue = LocalKeys.commandQueue(request.command());
        String digest = RecentMessages.digest("request", request.source(), envelope.getUid());
        if (recent.contains(digest)) {
            return repeated(envelope);
        }
        CompletableFuture<Void> pushed = pushOnce(queue, request.toJson(), digest, envelope);
        CompletionStage<?> finished = pushed.handle((done, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    PeerFailure failure = PeerFailure.dispatch(AsyncResults.describe(AsyncResults.unwrap(error)));
                    warn(
                            "push",
                            envelope,
                            () -> "peer: request " + envelope.getUid() + " from " + request.source() + " not handed to "
                                    + queue + ": " + failure.getMessage());
                    // wire.md §10.4: code 0, tags kept, expiration 300
                    Envelope.Builder reply = Envelope.newBuilder()
                            .setUid(envelope.getUid())
                            .setDestination(envelope.getSource())
                            .setExpiration(REPLY_EXPIRATION)
                            .setError(Error.newBuilder().setCode(failure.code()).setMessage(failure.getMessage()));
                    if (envelope.hasTags()) {
                        reply.setTags(envelope.getTags());
                    }
                    return sendReply(reply, envelope);
                })
                .thenCompose(reply -> reply);
        return new Progress(pushed.exceptionally(error -> null), finished);
    }

    /**
     * A response or error: to the {@code ret} of the request it answers, found by its backlog (kept
     * in memory since the request; otherwise read from Redis: after a restart, or a request of
     * another gateway).
     */
    private Progress toClient(Envelope envelope) {
        Optional<Backlog> known = backlogs.find(envelope.getUid());
        CompletionStage<Optional<Backlog>> lookup =
                known.isPresent() ? CompletableFuture.completedFuture(known) : bus.backlog(envelope.getUid());
        CompletableFuture<Void> pushed = lookup.toCompletableFuture()
                .thenCompose(backlog -> {
                    if (backlog.isEmpty()) {
                        warn(
                                "expired",
                                envelope,
                                () -> "peer: received reply of an expired message: " + describe(envelope));
                        return CompletableFuture.completedFuture(null);
                    }
                    Backlog found = backlog.get();
                    String digest = RecentMessages.digest(
                            "response", SessionKey.of(envelope.getSource()).toString(), envelope.getUid());
                    if (recent.contains(digest)) {
                        repeated(envelope);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    ResponseError error = envelope.hasError()
                            ? new ResponseError(
                                    envelope.getError().getCode(),
                                    envelope.getError().getMessage())
                            : null;
                    IncomingResponse response = new IncomingResponse(
                            1,
                            found.hasReference() ? found.getReference() : null,
                            Base64Data.encode(envelope.getPlain().toByteArray()),
                            SessionKey.of(envelope.getSource()).toString(),
                            envelope.hasSchema() ? envelope.getSchema() : null,
                            envelope.getTimestamp(),
                            error);
                    return pushOnce(found.getReplyTo(), response.toJson(), digest, envelope);
                })
                .exceptionally(error -> {
                    warn(
                            "push",
                            envelope,
                            () -> "peer: " + describe(envelope) + " not handed to its client: "
                                    + AsyncResults.describe(AsyncResults.unwrap(error)));
                    return null;
                });
        return Progress.of(pushed);
    }

    /**
     * Pushes {@code json} unless a message of the same digest was pushed before (remembered here, or
     * marked in Redis until the envelope's deadline), with the finished local items that wait for
     * their call riding along; completes when pushed or found repeated.
     */
    private CompletableFuture<Void> pushOnce(String list, byte[] json, String digest, Envelope envelope) {
        long deadline = EnvelopeTime.deadline(envelope.getTimestamp(), envelope.getExpiration());
        Duration ttl = Duration.ofSeconds(recent.secondsLeft(deadline));
        return finishes.carry(riders -> bus.pushOnce(list, json, digest, ttl, riders))
                .toCompletableFuture()
                .thenApply(pushed -> {
                    recent.remember(digest, deadline);
                    if (!pushed) {
                        repeated(envelope);
                    }
                    return null;
                });
    }

    /** A message pushed before, delivered again by a relay: dropped. */
    private static Progress repeated(Envelope envelope) {
        warn(
                "repeated",
                envelope,
                () -> "peer: dropped " + describe(envelope) + ": delivered again, it was pushed before");
        return Progress.DONE;
    }

    /** The {@code rmb} plugin: {@code rmb.version} is answered, other commands only logged (as the reference). */
    private Progress builtin(Envelope request) {
        String command = request.getRequest().getCommand();
        if (!command.equals(VERSION_COMMAND)) {
            warn(
                    "builtin",
                    request,
                    () -> "peer: unknown built in command: " + command + " (" + describe(request) + ")");
            return Progress.DONE;
        }
        Envelope.Builder answer = Envelope.newBuilder()
                .setUid(request.getUid())
                .setDestination(request.getSource())
                .setExpiration(REPLY_EXPIRATION)
                .setSchema("application/json")
                .setResponse(Response.getDefaultInstance())
                .setPlain(ByteString.copyFrom(versionJson));
        return new Progress(CompletableFuture.completedFuture(null), sendReply(answer, request));
    }

    private CompletionStage<Void> sendReply(Envelope.Builder reply, Envelope request) {
        return writer.send(reply).exceptionally(error -> {
            warn(
                    "reply",
                    request,
                    () -> "peer: failed to send error response to sender of " + describe(request) + ": "
                            + OutgoingTraffic.failure(error).getMessage());
            return null;
        });
    }

    /** A warning about an envelope from another twin, throttled per {@code kind}. */
    private static void warn(String kind, Envelope envelope, Supplier<String> message) {
        LogFields fields = LogFields.uid(envelope.getUid());
        if (envelope.hasSource()) {
            fields = fields.andTwin(envelope.getSource().getTwin());
        }
        REFUSALS.log(kind, LOG, Level.WARNING, fields, message);
    }

    static String describe(Envelope envelope) {
        return EnvelopeVerifier.kind(envelope) + " " + envelope.getUid() + " from "
                + SessionKey.of(envelope.getSource())
                + (envelope.hasRequest() ? " (" + envelope.getRequest().getCommand() + ")" : "");
    }
}
