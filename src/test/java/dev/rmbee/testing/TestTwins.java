package dev.rmbee.testing;

import com.google.protobuf.ByteString;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Ping;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** The twins of the shared twins.json as test clients: their keys, tokens and envelopes. */
public final class TestTwins {

    private TestTwins() {}

    public static JsonObject twin(int id) {
        return Vectors.load("twins.json").getJsonArray("twins").getValuesAs(JsonObject.class).stream()
                .filter(twin -> twin.getInt("id") == id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no twin " + id + " in twins.json"));
    }

    public static Signer signer(int id) {
        JsonObject twin = twin(id);
        return SubstrateKeys.signer(twin.getString("secret"), KeyType.parse(twin.getString("keyType")));
    }

    /** A fresh token for a session, valid for five minutes. */
    public static String token(SessionKey session) {
        long now = System.currentTimeMillis() / 1000;
        return RelayTokens.create(signer(session.twin()), session.twin(), session.sid(), now, now + 300);
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    public static Envelope ping(SessionKey from, String uid) {
        return Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(now())
                .setExpiration(40)
                .setSource(from.toAddress())
                .setPing(Ping.getDefaultInstance())
                .build();
    }

    /** A signed request with a plain payload, expiring in {@code expiration} seconds from {@code timestamp}. */
    public static Envelope request(
            SessionKey from,
            SessionKey to,
            String uid,
            String command,
            byte[] payload,
            long timestamp,
            long expiration) {
        Envelope.Builder builder = Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(timestamp)
                .setExpiration(expiration)
                .setSource(from.toAddress())
                .setDestination(to.toAddress())
                .setRequest(Request.newBuilder().setCommand(command))
                .setSchema("application/json")
                .setPlain(ByteString.copyFrom(payload));
        return EnvelopeSignatures.sign(builder, signer(from.twin()));
    }

    public static Envelope request(SessionKey from, SessionKey to, String text) {
        return request(from, to, Uids.next(), "test.echo", text.getBytes(StandardCharsets.UTF_8), now(), 300);
    }

    /** The signed response to {@code request}, sent by its destination. */
    public static Envelope response(Envelope request, byte[] payload) {
        Envelope.Builder builder = Envelope.newBuilder()
                .setUid(request.getUid())
                .setTimestamp(now())
                .setExpiration(300)
                .setSource(request.getDestination())
                .setDestination(request.getSource())
                .setResponse(Response.getDefaultInstance())
                .setSchema("application/json")
                .setPlain(ByteString.copyFrom(payload));
        return EnvelopeSignatures.sign(builder, signer(request.getDestination().getTwin()));
    }
}
