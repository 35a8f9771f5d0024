package dev.rmbee.peer;

import com.google.protobuf.ByteString;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.api.OutgoingRequest;
import dev.rmbee.peer.api.OutgoingResponse;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What local programs send (peer.md §6): requests from {@code msgbus.system.local} become one
 * envelope per destination, tracked by a backlog; responses from {@code msgbus.system.reply} become
 * one envelope back to the requester. Every failure a local client could wait for is pushed to its
 * {@code ret} list as an error response (the reference only logs most of them).
 */
final class OutgoingTraffic {

    private static final Logger LOG = Logger.getLogger(OutgoingTraffic.class.getName());
    /** With the relays away every message fails alike: once a minute per reason, with a count. */
    private static final LogThrottle NOT_SENT = LogThrottle.perInterval();

    /** Expiration given to envelopes and backlogs that have none (postman, peer.md §6.1). */
    static final long DEFAULT_TTL = 300;
    /** The longest expiration and backlog TTL. */
    static final long MAX_TTL = 1800;
    /** The expiration of every response before clamping (peer.md §6.2). */
    static final long RESPONSE_EXPIRATION = 3600;
    /**
     * Schema of responses whose JSON gives none (absent, null, or empty as rmb-sdk-go's router sends
     * it for requests without schema): the official TypeScript client verifies every response as if
     * it had this schema, and rmb-sdk-go's client insists on it.
     */
    static final String DEFAULT_RESPONSE_SCHEMA = "application/json";

    private final LocalBus bus;
    private final Backlogs backlogs;
    private final EnvelopeWriter writer;
    private final Clock clock;

    OutgoingTraffic(LocalBus bus, Backlogs backlogs, EnvelopeWriter writer, Clock clock) {
        this.bus = bus;
        this.backlogs = backlogs;
        this.writer = writer;
        this.clock = clock;
    }

    /** 0 → {@value #DEFAULT_TTL}, above {@value #MAX_TTL} → {@value #MAX_TTL} (unsigned). */
    static long clampTtl(long seconds) {
        if (seconds == 0) {
            return DEFAULT_TTL;
        }
        return Long.compareUnsigned(seconds, MAX_TTL) > 0 ? MAX_TTL : seconds;
    }

    /**
     * A local request: its backlog kept in memory and given to {@code kept} (stored in Redis when the
     * item is finished), then one envelope per destination, each failure reported to {@code ret}.
     */
    Progress request(OutgoingRequest request, Consumer<Backlog> kept) {
        byte[] body;
        try {
            body = Base64Data.decode(request.data());
        } catch (IllegalArgumentException e) {
            return Progress.of(
                    report(request, PeerFailure.invalidRequest("invalid data base64 encoding: " + e.getMessage())));
        }
        long now = clock.instant().getEpochSecond();
        EnvelopeTime.Stamp stamp = EnvelopeTime.stamp(now, request.timestamp(), request.expiration());
        long ttl = EnvelopeTime.ttl(now, stamp.timestamp(), stamp.expiration());
        if (ttl == 0) {
            return Progress.of(report(request, PeerFailure.expired()));
        }
        String uid = Uids.next();
        Envelope.Builder base = Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(stamp.timestamp())
                .setExpiration(clampTtl(stamp.expiration()))
                .setRequest(Request.newBuilder().setCommand(request.command()))
                .setPlain(ByteString.copyFrom(body));
        if (request.tags() != null) {
            base.setTags(request.tags());
        }
        if (request.schema() != null) {
            base.setSchema(request.schema());
        }
        Backlog.Builder backlog = Backlog.newBuilder()
                .setUid(uid)
                .setReplyTo(request.replyTo())
                .setModule("")
                .setTtl(clampTtl(ttl));
        if (request.reference() != null) {
            backlog.setReference(request.reference());
        }
        Backlog stored = backlog.build();
        backlogs.keep(stored);
        kept.accept(stored);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int destination : request.destinations()) {
            Envelope.Builder envelope =
                    base.clone().setDestination(SessionKey.of(destination).toAddress());
            sends.add(writer.send(envelope)
                    .handle((written, failure) -> failure == null
                            ? CompletableFuture.<Void>completedFuture(null)
                            : reportSendFailure(request, uid, destination, failure))
                    .thenCompose(reported -> reported)
                    .toCompletableFuture());
        }
        return new Progress(
                CompletableFuture.completedFuture(null),
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    }

    private CompletionStage<Void> reportSendFailure(
            OutgoingRequest request, String uid, int destination, Throwable error) {
        PeerFailure failure = failure(error);
        NOT_SENT.log(
                "request: " + failure.getMessage(),
                LOG,
                Level.INFO,
                LogFields.uid(uid).andTwin(destination),
                () -> "peer: request (" + request.command() + ") not sent: " + failure.getMessage());
        return report(request, failure);
    }

    /** Tells the client of {@code request} what went wrong, as the error response of peer.md §10. */
    private CompletionStage<Void> report(OutgoingRequest request, PeerFailure failure) {
        return report(request.replyTo(), request.reference(), failure);
    }

    /** Pushes an error response ({@code src ""}, {@code now 0}) to {@code replyTo}; a Redis failure is logged. */
    CompletionStage<Void> report(String replyTo, String reference, PeerFailure failure) {
        byte[] json = IncomingResponse.localError(reference, failure.code(), failure.getMessage())
                .toJson();
        return bus.push(replyTo, json).exceptionally(error -> {
            LOG.warning(() -> "peer: cannot report \"" + failure.getMessage() + "\" to " + replyTo + ": "
                    + AsyncResults.describe(AsyncResults.unwrap(error)));
            return null;
        });
    }

    /** A local service's response: one envelope to the requester; failures are logged (nobody local waits). */
    Progress response(OutgoingResponse response) {
        SessionKey destination;
        try {
            destination = SessionKey.parse(response.destination());
        } catch (IllegalArgumentException e) {
            LOG.warning(
                    () -> "peer: response " + response.reference() + " dropped: failed to parse destination address '"
                            + response.destination() + "': " + e.getMessage());
            return Progress.DONE;
        }
        String uid = response.reference() == null ? "" : response.reference();
        Envelope.Builder envelope = Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(response.timestamp())
                .setExpiration(clampTtl(RESPONSE_EXPIRATION))
                .setDestination(destination.toAddress())
                .setSchema(
                        response.schema() == null || response.schema().isEmpty()
                                ? DEFAULT_RESPONSE_SCHEMA
                                : response.schema());
        if (response.error() == null) {
            try {
                envelope.setResponse(Response.getDefaultInstance())
                        .setPlain(ByteString.copyFrom(Base64Data.decode(response.data())));
            } catch (IllegalArgumentException e) {
                // the requester would only time out: it gets an error instead
                PeerFailure failure =
                        PeerFailure.invalidRequest("response with invalid data base64 encoding: " + e.getMessage());
                LOG.warning(() -> "peer: response " + uid + " to " + destination + ": " + failure.getMessage()
                        + "; the requester gets an error");
                envelope.clearPayload()
                        .setError(Error.newBuilder().setCode(failure.code()).setMessage(failure.getMessage()));
            }
        } else {
            envelope.setError(Error.newBuilder()
                    .setCode(response.error().code())
                    .setMessage(response.error().message()));
        }
        CompletableFuture<Void> written = writer.send(envelope).exceptionally(error -> {
            PeerFailure failure = failure(error);
            NOT_SENT.log(
                    "response: " + failure.getMessage(),
                    LOG,
                    Level.INFO,
                    LogFields.uid(uid).andTwin(destination.twin()).andSession(destination),
                    () -> "peer: response not sent: " + failure.getMessage());
            return null;
        });
        return new Progress(CompletableFuture.completedFuture(null), written);
    }

    static PeerFailure failure(Throwable error) {
        Throwable cause = AsyncResults.unwrap(error);
        if (cause instanceof PeerFailure failure) {
            return failure;
        }
        LOG.log(Level.WARNING, "peer: unexpected failure", cause);
        return PeerFailure.other(AsyncResults.describe(cause));
    }
}
