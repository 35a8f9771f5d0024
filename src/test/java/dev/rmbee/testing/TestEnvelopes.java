package dev.rmbee.testing;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.Signer;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Error;
import dev.rmbee.wire.proto.Types.Ping;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.nio.charset.StandardCharsets;

/**
 * The one builder of test envelopes: requests, responses, pings and errors, with a fresh uid, the
 * time now, a 300 s expiry and a JSON schema unless told otherwise, then {@link Builder#build()
 * unsigned}, {@link Builder#signed() signed by the source twin's test key} or {@link
 * Builder#signedBy(Signer) by any signer}.
 */
public final class TestEnvelopes {

    /** The expiry (seconds) of a built envelope unless {@link Builder#expiration(long)} says otherwise. */
    public static final long DEFAULT_EXPIRATION = 300;

    private TestEnvelopes() {}

    /** A request for {@code command} from {@code from} to {@code to}. */
    public static Builder request(SessionKey from, SessionKey to, String command) {
        return new Builder(Envelope.newBuilder().setRequest(Request.newBuilder().setCommand(command)))
                .source(from)
                .destination(to);
    }

    /** The response to {@code request}: same uid, from its destination back to its source. */
    public static Builder response(Envelope request) {
        return new Builder(Envelope.newBuilder().setResponse(Response.getDefaultInstance()))
                .uid(request.getUid())
                .sourceAddress(request.getDestination())
                .destinationAddress(request.getSource());
    }

    /** An envelope ping from {@code from} to the relay (no destination). */
    public static Builder ping(SessionKey from) {
        return new Builder(Envelope.newBuilder().setPing(Ping.getDefaultInstance())).source(from);
    }

    /** An error envelope, as a twin answers a request it cannot serve. */
    public static Builder error(SessionKey from, SessionKey to, int code, String message) {
        return new Builder(Envelope.newBuilder()
                        .setError(Error.newBuilder().setCode(code).setMessage(message)))
                .source(from)
                .destination(to);
    }

    /** The seconds of the epoch now, as envelope timestamps count. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** An envelope under construction; every setter returns this builder. */
    public static final class Builder {

        private final Envelope.Builder envelope;

        private Builder(Envelope.Builder envelope) {
            this.envelope = envelope.setUid(Uids.next()).setTimestamp(now()).setExpiration(DEFAULT_EXPIRATION);
            if (!envelope.hasPing()) {
                envelope.setSchema("application/json");
            }
        }

        public Builder uid(String uid) {
            envelope.setUid(uid);
            return this;
        }

        public Builder timestamp(long epochSeconds) {
            envelope.setTimestamp(epochSeconds);
            return this;
        }

        public Builder expiration(long seconds) {
            envelope.setExpiration(seconds);
            return this;
        }

        public Builder tags(String tags) {
            envelope.setTags(tags);
            return this;
        }

        public Builder schema(String schema) {
            envelope.setSchema(schema);
            return this;
        }

        /** The plain payload, as UTF-8. */
        public Builder payload(String text) {
            return payload(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder payload(byte[] plain) {
            envelope.setPlain(ByteString.copyFrom(plain));
            return this;
        }

        /** The source session; {@code null} for none (twin 0, as the relay's own envelopes). */
        public Builder source(SessionKey from) {
            return from == null ? sourceAddress(null) : sourceAddress(from.toAddress());
        }

        public Builder destination(SessionKey to) {
            return destinationAddress(to == null ? null : to.toAddress());
        }

        private Builder sourceAddress(Address from) {
            if (from == null) {
                envelope.clearSource();
            } else {
                envelope.setSource(from);
            }
            return this;
        }

        private Builder destinationAddress(Address to) {
            if (to == null) {
                envelope.clearDestination();
            } else {
                envelope.setDestination(to);
            }
            return this;
        }

        /** The envelope as it is, unsigned. */
        public Envelope build() {
            return envelope.build();
        }

        /** The envelope signed with the test key of its source twin ({@link TestTwins#signer(int)}). */
        public Envelope signed() {
            return signedBy(TestTwins.signer(envelope.getSource().getTwin()));
        }

        public Envelope signedBy(Signer signer) {
            return EnvelopeSignatures.sign(envelope, signer);
        }
    }
}
