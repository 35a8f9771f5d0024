package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.Signer;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.redis.RedisAdminTwins;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.BuildRedis;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.ServerLog;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The admin API of the packaged WAR on a managed Open Liberty, whose admin password arquillian.xml
 * sets to {@value #PASSWORD}: Basic authentication, create/read/replace/list/delete, 400s for bad
 * input, and a twin added through the API connecting over a real WebSocket at once. The twins the
 * tests create are removed after each, whatever happened.
 */
class AdminTwinsIT extends RelayDeployment {

    private static final String PASSWORD = RelayAdmin.PASSWORD;
    private static final String ADMIN = basic("admin", PASSWORD);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(WAIT).build();
    private static final String ACCOUNT = "0x" + "ab".repeat(32);
    private static final String PK = "0x02" + "cd".repeat(32);

    /** Every twin id a test here may create. */
    private static final List<Integer> CREATED = List.of(42, 4242, 4243, 4244, 4245, 4246);

    @AfterEach
    void removeCreatedTwins() throws Exception {
        RelayAdmin admin = RelayAdmin.of(domain());
        for (int id : CREATED) {
            admin.deleteTwin(id);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http(pathAndQuery))
                .timeout(WAIT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> admin(String method, String pathAndQuery, String body) throws Exception {
        return send(method, pathAndQuery, body, ADMIN);
    }

    private static JsonObject json(HttpResponse<String> response) {
        assertEquals(
                "application/json",
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String twin(String account, String relays, String pk) {
        return "{\"account\":\"" + account + "\",\"relays\":" + relays + ",\"pk\":"
                + (pk == null ? "null" : "\"" + pk + "\"") + "}";
    }

    @Test
    void withoutRightCredentialsTheApiAnswers401WithAChallenge() throws Exception {
        Map<String, String> refused = Map.of(
                "no credentials",
                "",
                "wrong password",
                basic("admin", "not-it"),
                "wrong user",
                basic("root", PASSWORD),
                "another scheme",
                "Bearer " + PASSWORD,
                "not base64",
                "Basic %%%",
                "no colon",
                "Basic " + Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, String> attempt : refused.entrySet()) {
            String authorization = attempt.getValue().isEmpty() ? null : attempt.getValue();
            for (String[] request :
                    List.of(new String[] {"GET", "/admin/twins"}, new String[] {"GET", "/admin/twins/1"}, new String[] {
                        "DELETE", "/admin/twins/1"
                    })) {
                HttpResponse<String> response = send(request[0], request[1], null, authorization);
                String what = attempt.getKey() + ": " + String.join(" ", request);
                assertEquals(401, response.statusCode(), what);
                assertEquals(
                        List.of("Basic realm=\"rmb-admin\""), response.headers().allValues("WWW-Authenticate"), what);
                assertEquals("authentication required", json(response).getString("error"), what);
            }
            HttpResponse<String> put = send("PUT", "/admin/twins/4243", twin(ACCOUNT, "[]", null), authorization);
            assertEquals(401, put.statusCode(), attempt.getKey() + ": PUT");
        }
        assertEquals(200, admin("GET", "/admin/twins/1", null).statusCode(), "twin 1 was not deleted");
        assertEquals(404, admin("GET", "/admin/twins/4243", null).statusCode(), "twin 4243 was not created");
    }

    @Test
    void changesThroughTheApiAreSharedInRedisWithEveryInstance() throws Exception {
        // another instance on the build's Redis: its registry, in this JVM
        LocalTwinRegistry other = new LocalTwinRegistry();
        RedissonClient client = TestRedisson.connect("redis://127.0.0.1:" + BuildRedis.PORT, 2);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RedisAdminTwins onOther = new RedisAdminTwins(other, client, scheduler);
        try {
            onOther.start();
            assertTrue(onOther.awaitFirstRead(WAIT), "the other instance read the shared twins");
            RelayAdmin.of(domain()).putTwin(4245, List.of("localhost"));
            Await.until(
                    "twin 4245, put through relay 1, on the other instance",
                    () -> other.find(4245).isPresent());

            onOther.put(new Twin(4246, new byte[32], Set.of("localhost"), null));
            Await.until(
                    "twin 4246, put on the other instance, on relay 1",
                    () -> admin("GET", "/admin/twins/4246", null).statusCode() == 200);
            assertEquals("admin", json(admin("GET", "/admin/twins/4246", null)).getString("source"));
            onOther.delete(4245);
            Await.until(
                    "twin 4245, deleted on the other instance, gone from relay 1",
                    () -> admin("GET", "/admin/twins/4245", null).statusCode() == 404);
        } finally {
            onOther.close();
            client.shutdown();
            scheduler.shutdownNow();
        }
    }

    @Test
    void twinsAreCreatedReadReplacedListedAndDeleted() throws Exception {
        HttpResponse<String> absent = admin("GET", "/admin/twins/4242", null);
        assertEquals(404, absent.statusCode());
        assertEquals("twin 4242 not found", json(absent).getString("error"));

        // created: the id comes from the path, relays may be the chain's joined string
        HttpResponse<String> created =
                admin("PUT", "/admin/twins/4242", twin(ACCOUNT, "\"r2.example_r1.example\"", null));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(
                http("/admin/twins/4242").toString(),
                created.headers().firstValue("Location").orElse(""));
        JsonObject expected = Json.createObjectBuilder()
                .add("id", 4242)
                .add("account", ACCOUNT)
                .add("relays", Json.createArrayBuilder().add("r1.example").add("r2.example"))
                .addNull("pk")
                .add("source", "admin")
                .build();
        assertEquals(expected, json(created));
        HttpResponse<String> read = admin("GET", "/admin/twins/4242", null);
        assertEquals(200, read.statusCode());
        assertEquals(expected, json(read));

        // replaced: an id in the body is accepted when it is the path's
        HttpResponse<String> replaced = admin(
                "PUT",
                "/admin/twins/4242",
                "{\"id\":4242,\"account\":\"" + ACCOUNT + "\",\"relays\":[\"r3.example\"],\"pk\":\"" + PK + "\"}");
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonObject replacement = Json.createObjectBuilder()
                .add("id", 4242)
                .add("account", ACCOUNT)
                .add("relays", Json.createArrayBuilder().add("r3.example"))
                .add("pk", PK)
                .add("source", "admin")
                .build();
        assertEquals(replacement, json(replaced));
        assertEquals(replacement, json(admin("GET", "/admin/twins/4242", null)));

        // listed in the shape of a registry file, ordered by id, beside the preloaded twins
        HttpResponse<String> listed = admin("GET", "/admin/twins", null);
        assertEquals(200, listed.statusCode());
        List<JsonObject> twins = json(listed).getJsonArray("twins").getValuesAs(JsonObject.class);
        List<Long> ids = twins.stream()
                .map(entry -> entry.getJsonNumber("id"))
                .map(JsonNumber::longValueExact)
                .toList();
        assertEquals(ids.stream().sorted().toList(), ids, "ordered by id");
        assertTrue(ids.containsAll(List.of(1L, 2L, 3L, 4L, 5L, 4242L)), ids.toString());
        assertTrue(twins.contains(replacement));

        // deleted
        HttpResponse<String> deleted = admin("DELETE", "/admin/twins/4242", null);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertEquals(404, admin("GET", "/admin/twins/4242", null).statusCode());
        HttpResponse<String> again = admin("DELETE", "/admin/twins/4242", null);
        assertEquals(404, again.statusCode());
        assertEquals("twin 4242 not found", json(again).getString("error"));
    }

    @Test
    void badInputAnswers400NamingTheProblem() throws Exception {
        Map<String, String[]> cases = Map.ofEntries(
                Map.entry("malformed JSON", new String[] {"/admin/twins/4244", "{\"account\":", "malformed JSON"}),
                Map.entry(
                        "content after the object",
                        new String[] {"/admin/twins/4244", twin(ACCOUNT, "[]", null) + " {}", "malformed JSON"}),
                Map.entry("not an object", new String[] {"/admin/twins/4244", "[1,2]", "must be a twin as a JSON object"
                }),
                Map.entry("empty body", new String[] {"/admin/twins/4244", "", "must be a twin as a JSON object"}),
                Map.entry("other id in the body", new String[] {
                    "/admin/twins/4244",
                    "{\"id\":4245,\"account\":\"" + ACCOUNT + "\"}",
                    "\"id\" 4245 does not match the twin id 4244 of the path"
                }),
                Map.entry("id as a string", new String[] {
                    "/admin/twins/4244", "{\"id\":\"4244\",\"account\":\"" + ACCOUNT + "\"}", "\"id\""
                }),
                Map.entry(
                        "no account",
                        new String[] {"/admin/twins/4244", "{\"relays\":[]}", "\"account\" must be 32 bytes of hex"}),
                Map.entry("short account", new String[] {
                    "/admin/twins/4244", twin("0x1234", "[]", null), "\"account\" must be 32 bytes of hex"
                }),
                Map.entry("account not hex", new String[] {
                    "/admin/twins/4244", twin("0x" + "zz".repeat(32), "[]", null), "\"account\" is not valid hex"
                }),
                Map.entry(
                        "relays of numbers",
                        new String[] {"/admin/twins/4244", twin(ACCOUNT, "[1]", null), "\"relays\""}),
                Map.entry("pk as a number", new String[] {
                    "/admin/twins/4244", twin(ACCOUNT, "[]", null).replace("\"pk\":null", "\"pk\":7"), "\"pk\""
                }),
                Map.entry(
                        "path id not a number",
                        new String[] {"/admin/twins/abc", twin(ACCOUNT, "[]", null), "twin id must be an integer"}),
                Map.entry(
                        "path id 0",
                        new String[] {"/admin/twins/0", twin(ACCOUNT, "[]", null), "twin id must be an integer"}),
                Map.entry("path id beyond u32", new String[] {
                    "/admin/twins/4294967296", twin(ACCOUNT, "[]", null), "twin id must be an integer"
                }));
        for (Map.Entry<String, String[]> bad : cases.entrySet()) {
            String[] request = bad.getValue();
            HttpResponse<String> response = admin("PUT", request[0], request[1]);
            assertEquals(400, response.statusCode(), bad.getKey() + ": " + response.body());
            String error = json(response).getString("error");
            assertTrue(error.contains(request[2]), bad.getKey() + ": " + error);
        }
        assertEquals(404, admin("GET", "/admin/twins/4244", null).statusCode(), "nothing was created");
        assertEquals(400, admin("GET", "/admin/twins/abc", null).statusCode());
        assertEquals(400, admin("DELETE", "/admin/twins/-1", null).statusCode());
    }

    @Test
    void refusedLoginsAreLoggedAtMostOnceAMinuteNotPerRequest() throws Exception {
        Path log = ServerLog.relay1();
        long start = Files.size(log);
        for (int i = 0; i < 50; i++) {
            assertEquals(401, send("GET", "/admin/twins", null, "Basic %%%" + i).statusCode());
        }
        // a marker after them: the audit line of a twin created and deleted
        assertEquals(
                201,
                admin("PUT", "/admin/twins/4243", twin(ACCOUNT, "[]", null)).statusCode());
        assertEquals(204, admin("DELETE", "/admin/twins/4243", null).statusCode());
        String written = Await.value("the marker in " + log, () -> {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8);
            return text.contains("twin 4243 deleted") ? Optional.of(text) : Optional.<String>empty();
        });
        long lines = written.lines()
                .filter(line -> line.contains("unreadable credentials"))
                .count();
        assertTrue(lines <= 1, lines + " lines for 50 refused requests");
    }

    @Test
    void hostileBodiesAndIdsAnswer400Or413NeverA500() throws Exception {
        Map<String, String[]> cases = Map.ofEntries(
                Map.entry("nested 1,001 deep", new String[] {
                    "/admin/twins/4244",
                    "{\"account\":\"" + ACCOUNT + "\",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
                    "400"
                }),
                Map.entry("an id of 5,000 digits in the body", new String[] {
                    "/admin/twins/4244", "{\"id\":" + "9".repeat(5000) + ",\"account\":\"" + ACCOUNT + "\"}", "400"
                }),
                Map.entry(
                        "an id of 5,000 digits in the path",
                        new String[] {"/admin/twins/" + "9".repeat(5000), twin(ACCOUNT, "[]", null), "400"}),
                Map.entry(
                        "a pk of 34 bytes", new String[] {"/admin/twins/4244", twin(ACCOUNT, "[]", PK + "ee"), "400"}),
                Map.entry("a pk of 5,000 bytes", new String[] {
                    "/admin/twins/4244", twin(ACCOUNT, "[]", "0x" + "ab".repeat(5000)), "400"
                }),
                Map.entry(
                        "a relay with a scheme",
                        new String[] {"/admin/twins/4244", twin(ACCOUNT, "[\"wss://relay.example\"]", null), "400"}),
                Map.entry("a relay of 2,000 bytes", new String[] {
                    "/admin/twins/4244", twin(ACCOUNT, "[\"" + "r".repeat(2000) + "\"]", null), "400"
                }),
                Map.entry("a body of 1 MiB", new String[] {
                    "/admin/twins/4244", " ".repeat(1 << 20) + twin(ACCOUNT, "[]", null), "413"
                }));
        for (Map.Entry<String, String[]> bad : cases.entrySet()) {
            String[] request = bad.getValue();
            HttpResponse<String> response = admin("PUT", request[0], request[1]);
            assertEquals(Integer.parseInt(request[2]), response.statusCode(), bad.getKey() + ": " + response.body());
            assertFalse(json(response).getString("error").isBlank(), bad.getKey());
        }
        assertEquals(400, admin("GET", "/admin/twins/" + "9".repeat(5000), null).statusCode());
        assertEquals(404, admin("GET", "/admin/twins/4244", null).statusCode(), "nothing was created");
    }

    @Test
    void aTwinAddedThroughTheApiConnectsAtOnceAndIsRefusedOnceDeleted() throws Exception {
        Signer ferdie = TestTwins.signer(6); // frank's key, //Ferdie (sr25519)
        long now = System.currentTimeMillis() / 1000;
        String token = RelayTokens.create(ferdie, 42, null, now, now + 300);
        assertEquals(
                401,
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), token))
                        .status(),
                "twin 42 is unknown before the API adds it");

        String account = "0x" + HexFormat.of().formatHex(ferdie.publicKey());
        HttpResponse<String> added = admin("PUT", "/admin/twins/42", twin(account, "[\"localhost\"]", null));
        assertEquals(201, added.statusCode(), added.body());

        try (TwinSocket socket = TwinSocket.connect(relay(), token)) {
            socket.send(TestEnvelopes.ping(SessionKey.of(42))
                    .uid("ferdie-ping")
                    .expiration(40)
                    .build());
            Envelope pong = socket.nextEnvelope("the pong to twin 42's ping");
            assertEquals(Envelope.MessageCase.PONG, pong.getMessageCase());
            assertEquals("ferdie-ping", pong.getUid());
            assertTrue(SessionKey.of(42).matches(pong.getDestination()), "the pong goes back to twin 42");
        }

        assertEquals(204, admin("DELETE", "/admin/twins/42", null).statusCode());
        TwinSocket.HandshakeRefused refused =
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(relay(), token));
        assertEquals(401, refused.status());
        assertTrue(refused.getMessage().contains("twin not found 42"), refused.getMessage());
    }

    @Test
    void unknownPathsAnswer404WithoutEchoingTheRequest() throws Exception {
        String secret = "q-7f3a9c-secret";
        for (String[] request : List.of(
                new String[] {"GET", "/"},
                new String[] {"GET", "/?" + secret},
                new String[] {"GET", "/nope-" + secret + "/deeper?" + secret},
                new String[] {"POST", "/nope-" + secret + "?" + secret},
                new String[] {"GET", "/admin/nope-" + secret + "?" + secret})) {
            HttpResponse<String> response = send(request[0], request[1], null, null);
            String what = String.join(" ", request);
            assertEquals(404, response.statusCode(), what);
            assertEquals("page not found", response.body(), what);
            response.headers().map().forEach((name, values) -> {
                assertFalse(
                        name.contains(secret) || name.toLowerCase().contains("exception"), what + ": header " + name);
                values.forEach(value -> assertFalse(
                        value.contains(secret) || value.contains("/nope"), what + ": " + name + ": " + value));
            });
        }
    }
}
