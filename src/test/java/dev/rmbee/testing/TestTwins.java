package dev.rmbee.testing;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every test twin and its key, from each fixture file: the vectors' {@code twins.json} (1-5, the
 * official client's twins), {@code federation-twins.json} (6-11) and {@code peer-twins.json}
 * (20-23), the last two from the test classpath, where Maven has filled in the relays' ports. Also
 * their tokens and, through {@link TestEnvelopes}, their envelopes.
 */
public final class TestTwins {

    /** The fixture files on the test classpath, beside the vectors' twins.json. */
    public static final List<String> CLASSPATH_FIXTURES = List.of("federation-twins.json", "peer-twins.json");

    private static volatile Map<Integer, JsonObject> all;

    private TestTwins() {}

    /** The fixture entry of twin {@code id}, with its key as {@code secret} whatever the file called it. */
    public static JsonObject twin(int id) {
        JsonObject twin = all().get(id);
        if (twin == null) {
            throw new AssertionError("no twin " + id + " in twins.json or " + CLASSPATH_FIXTURES);
        }
        return twin;
    }

    /** The fixture entry of the twin called {@code name}. */
    public static JsonObject twin(String name) {
        return all().values().stream()
                .filter(twin -> twin.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no twin named " + name));
    }

    private static Map<Integer, JsonObject> all() {
        Map<Integer, JsonObject> twins = all;
        if (twins == null) {
            Map<Integer, JsonObject> loaded = new TreeMap<>();
            add(loaded, Vectors.load("twins.json"));
            for (String fixture : CLASSPATH_FIXTURES) {
                add(loaded, classpathJson(fixture));
            }
            all = twins = Map.copyOf(loaded);
        }
        return twins;
    }

    private static void add(Map<Integer, JsonObject> twins, JsonObject file) {
        for (JsonObject twin : file.getJsonArray("twins").getValuesAs(JsonObject.class)) {
            JsonObject normalized = twin.containsKey("secret")
                    ? twin
                    : Json.createObjectBuilder(twin)
                            .add("secret", twin.getString("uri"))
                            .build();
            if (twins.put(twin.getInt("id"), normalized) != null) {
                throw new AssertionError("twin " + twin.getInt("id") + " is in two fixture files");
            }
        }
    }

    private static JsonObject classpathJson(String name) {
        InputStream in = TestTwins.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new AssertionError(name + " is not on the test classpath (src/test/resources)");
        }
        try (JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    public static Signer signer(int id) {
        JsonObject twin = twin(id);
        return SubstrateKeys.signer(twin.getString("secret"), KeyType.parse(twin.getString("keyType")));
    }

    /** A fresh token for a session, valid for five minutes. */
    public static String token(SessionKey session) {
        long now = TestEnvelopes.now();
        return RelayTokens.create(signer(session.twin()), session.twin(), session.sid(), now, now + 300);
    }

    public static Envelope ping(SessionKey from, String uid) {
        return TestEnvelopes.ping(from).uid(uid).expiration(40).build();
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
        return TestEnvelopes.request(from, to, command)
                .uid(uid)
                .payload(payload)
                .timestamp(timestamp)
                .expiration(expiration)
                .signed();
    }

    public static Envelope request(SessionKey from, SessionKey to, String text) {
        return TestEnvelopes.request(from, to, "test.echo").payload(text).signed();
    }

    /** The signed response to {@code request}, sent by its destination. */
    public static Envelope response(Envelope request, byte[] payload) {
        return TestEnvelopes.response(request).payload(payload).signed();
    }
}
