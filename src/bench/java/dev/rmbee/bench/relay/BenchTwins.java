package dev.rmbee.bench.relay;

import com.google.protobuf.ByteString;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The twins of the shared twins.json with their keys made once; tokens and signed requests.
 * Twin ids above 100 are the federation benchmark's twins (see {@link FederationTwins}): twin
 * {@code 100·n + k} has the key of shared twin {@code k}.
 */
final class BenchTwins {
    private final Map<Integer, Signer> signers = new HashMap<>();

    Signer signer(int id) {
        return signers.computeIfAbsent(id, twin -> {
            JsonObject entry = TestTwins.twin(keyTwin(twin));
            return SubstrateKeys.signer(entry.getString("secret"), KeyType.parse(entry.getString("keyType")));
        });
    }

    /** The shared twin whose key twin {@code id} has. */
    static int keyTwin(int id) {
        return id > 100 ? id % 100 : id;
    }

    String token(SessionKey session) {
        long now = System.currentTimeMillis() / 1000;
        return RelayTokens.create(signer(session.twin()), session.twin(), session.sid(), now, now + 600);
    }

    /** A signed request whose plain payload is {@code size} bytes of JSON naming its uid. */
    Envelope request(SessionKey from, SessionKey to, String uid, int size, long now) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) ' ');
        byte[] head = ("{\"uid\":\"" + uid + "\"}").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, payload, 0, Math.min(head.length, size));
        Envelope.Builder builder = Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(now)
                .setExpiration(3600)
                .setSource(from.toAddress())
                .setDestination(to.toAddress())
                .setRequest(Request.newBuilder().setCommand("bench.load"))
                .setSchema("application/json")
                .setPlain(ByteString.copyFrom(payload));
        return EnvelopeSignatures.sign(builder, signer(from.twin()));
    }
}
