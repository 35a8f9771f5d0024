package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.CloseCodes;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.ChainRelayServer;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.ServerLog;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The operator's admin API on relay 1 (Redis mode, peer mode, password {@value RelayAdmin#PASSWORD})
 * with real twins on real sockets: sessions listed and disconnected, a queue that grows for an
 * offline session purged, federation backlog and ranks, the peer's links, twins' sources and a
 * reload, the audit lines, bad input, and /openapi. Twins and sessions are this class's own
 * ({@code admin-ops-*} sids, twins 4310 and 4311), removed whatever happens.
 */
class AdminOperationsIT extends RelayDeployment {

    private static final String SID = "admin-ops-";

    private RelayAdmin admin() {
        return RelayAdmin.of(domain());
    }

    private JsonObject get(String path) throws Exception {
        HttpResponse<String> response = admin().call("GET", path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return RelayAdmin.json(response);
    }

    /** The listed session named {@code name}. */
    private static Optional<JsonObject> session(JsonObject listing, String name) {
        return listing.getJsonArray("sessions").getValuesAs(JsonObject.class).stream()
                .filter(session -> session.getString("session").equals(name))
                .findFirst();
    }

    private static SessionKey session(int twin, String sid) {
        return new SessionKey(twin, SID + sid);
    }

    @Test
    void sessionsAreListedWithSinceAndFromWhereAndDisconnectedWithAReason() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        try (TwinSocket first = TwinSocket.connectAs(relay(), session(4, "1"));
                TwinSocket second = TwinSocket.connectAs(relay(), session(4, "2"));
                TwinSocket other = TwinSocket.connectAs(relay(), session(3, "stays"))) {
            JsonObject listing = Await.value("dave's two sessions listed", () -> {
                JsonObject sessions = get("/admin/sessions?twin=4");
                return session(sessions, "4:admin-ops-2").isPresent() ? Optional.of(sessions) : Optional.empty();
            });
            JsonObject one = session(listing, "4:admin-ops-1").orElseThrow();
            assertEquals("4/admin-ops-1", one.getString("path"));
            assertEquals("127.0.0.1", one.getString("remoteAddress"));
            assertEquals(listing.getString("instance"), one.getString("instance"));
            Instant since = Instant.parse(one.getString("connectedSince"));
            assertTrue(!since.isBefore(before) && !since.isAfter(Instant.now()), since.toString());
            assertEquals(0, one.getInt("queued"));
            assertTrue(
                    listing.getJsonArray("sessions").getValuesAs(JsonObject.class).stream()
                            .allMatch(session -> session.getInt("twin") == 4),
                    "only twin 4's");

            // the peer gateway of this server is connected as twin 20 without sid: spelled "-"
            JsonObject peer = Await.value("the peer's own session listed", () -> session(get("/admin/sessions"), "20"));
            assertTrue(peer.isNull("sid"));
            assertEquals("20/-", peer.getString("path"));

            HttpResponse<String> disconnected = admin().call("DELETE", "/admin/sessions/4/admin-ops-1");
            assertEquals(200, disconnected.statusCode(), disconnected.body());
            assertEquals(
                    List.of("4:admin-ops-1"),
                    RelayAdmin.json(disconnected).getJsonArray("disconnected").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString)
                            .toList());
            assertEquals(CloseCodes.VIOLATED_POLICY, first.awaitClose());
            assertEquals("disconnected by the relay's administrator", first.awaitCloseReason());
            assertFalse(second.isClosed(), "the twin's other session stays");

            HttpResponse<String> all = admin().call("DELETE", "/admin/sessions/4");
            assertEquals(200, all.statusCode(), all.body());
            assertEquals(CloseCodes.VIOLATED_POLICY, second.awaitClose());
            other.send(TestEnvelopes.ping(session(3, "stays")).build());
            assertEquals(
                    Envelope.MessageCase.PONG,
                    other.nextEnvelope("the other twin still served").getMessageCase());

            Await.until(
                    "dave's sessions gone from the list",
                    () -> get("/admin/sessions?twin=4").getJsonArray("sessions").stream()
                            .map(JsonObject.class::cast)
                            .noneMatch(session -> session.getString("session").startsWith("4:" + SID)));
            HttpResponse<String> gone = admin().call("DELETE", "/admin/sessions/4/admin-ops-1");
            assertEquals(404, gone.statusCode());
            assertTrue(RelayAdmin.json(gone).getString("error").contains("is not connected to this instance"));
        }
        ServerLog.awaitLine(ServerLog.relay1(), "admin API: admin from 127.0.0.1: disconnected session 4:admin-ops-1");
    }

    @Test
    void theQueueOfAnOfflineSessionGrowsAndAPurgeEmptiesIt() throws Exception {
        SessionKey offline = session(2, "offline");
        String path = "/admin/queues/2/admin-ops-offline";
        try (TwinSocket sender = TwinSocket.connectAs(relay(), session(1, "sender"))) {
            for (int i = 0; i < 3; i++) {
                sender.send(TestEnvelopes.request(session(1, "sender"), offline, "test.purged")
                        .uid("purged-" + i)
                        .build());
            }
            JsonObject queue = Await.value(
                    "three messages queued", () -> Optional.of(get(path)).filter(json -> json.getInt("messages") == 3));
            assertTrue(queue.getInt("oldestAgeSeconds") >= 0);
            Instant.parse(queue.getString("oldest"));
            assertTrue(
                    get("/admin/queues?twin=2").getJsonArray("queues").getValuesAs(JsonObject.class).stream()
                            .anyMatch(listed -> listed.getString("session").equals(offline.toString())
                                    && listed.getInt("messages") == 3),
                    "listed among twin 2's queues");

            HttpResponse<String> purged = admin().call("DELETE", path);
            assertEquals(200, purged.statusCode(), purged.body());
            assertEquals(3, RelayAdmin.json(purged).getInt("purged"));
            assertEquals(0, get(path).getInt("messages"));
            assertEquals(404, admin().call("DELETE", path).statusCode(), "nothing left to purge");

            // the marker is the first thing the session gets: nothing purged comes before it
            sender.send(TestEnvelopes.request(session(1, "sender"), offline, "test.marker")
                    .uid("after-the-purge")
                    .build());
            try (TwinSocket receiver = TwinSocket.connectAs(relay(), offline)) {
                assertEquals(
                        "after-the-purge", receiver.nextEnvelope("the marker").getUid());
            }
        }
        ServerLog.awaitLine(
                ServerLog.relay1(),
                "admin API: admin from 127.0.0.1: purged the queue of session 2:admin-ops-offline (3 messages)");
    }

    @Test
    void federationShowsItsBacklogAndTheRankOfARelayThatFails() throws Exception {
        // a twin whose only relay refuses connections: its envelope waits in the backlog, retried
        admin().putTwin(4310, List.of("127.0.0.1:1"));
        try (TwinSocket sender = TwinSocket.connectAs(relay(), session(1, "federating"))) {
            sender.send(TestEnvelopes.request(session(1, "federating"), SessionKey.of(4310), "test.far")
                    .expiration(30)
                    .build());
            JsonObject federation = Await.value("the failing relay ranked, its envelope in the backlog", () -> {
                JsonObject state = get("/admin/federation");
                boolean ranked = state.getJsonArray("relays").getValuesAs(JsonObject.class).stream()
                        .anyMatch(relay -> relay.getString("relay").equals("127.0.0.1:1")
                                && relay.getInt("failures") >= 1
                                && relay.getInt("rank") >= 1
                                && relay.getJsonNumber("failureRate").doubleValue() > 0);
                return ranked && state.getInt("backlog") >= 1 ? Optional.of(state) : Optional.empty();
            });
            assertTrue(federation.getJsonArray("relays").size() >= 1);
        } finally {
            admin().deleteTwin(4310);
        }
    }

    @Test
    void thePeerShowsItsLinksAndARelayWithoutPeerModeAnswers404() throws Exception {
        String relay1 = "ws://" + domain() + "/"; // as arquillian.xml names it in rmb.peer.relays
        JsonObject peer = Await.value("peer-a's link to relay 1 up", () -> {
            JsonObject state = get("/admin/peer");
            return state.getJsonArray("links").getValuesAs(JsonObject.class).stream()
                    .filter(link -> link.getString("relay").equals(relay1))
                    .filter(link -> link.getBoolean("connected") && link.getInt("connects") >= 1)
                    .filter(link -> !link.isNull("since"))
                    .findFirst()
                    .map(link -> state);
        });
        assertEquals(
                List.of(relay1, EmbeddedRelayServer.webSocket().toString()),
                peer.getJsonArray("links").getValuesAs(JsonObject.class).stream()
                        .map(link -> link.getString("relay"))
                        .toList());
        JsonObject inFlight = peer.getJsonObject("inFlight");
        assertEquals(256, inFlight.getInt("max"));
        assertTrue(inFlight.getInt("local") >= 0 && inFlight.getInt("relays") >= 0);

        HttpResponse<String> off = RelayAdmin.of(
                        "127.0.0.1:" + EmbeddedRelayServer.adminPort()) // relay 2 serves /admin there only
                .call("GET", "/admin/peer");
        assertEquals(404, off.statusCode());
        assertEquals("peer mode is off (rmb.peer.enabled)", RelayAdmin.json(off).getString("error"));
    }

    @Test
    void twinsShowTheirSourceAndAReloadBringsBackTheFilesTwins() throws Exception {
        JsonObject eve = get("/admin/twins/5");
        assertEquals("file", eve.getString("source"));
        try {
            admin().putTwin(4311, List.of("localhost"));
            admin().putTwin(5, eve.getString("account"), List.of("localhost", "elsewhere.example"));
            assertEquals("admin", get("/admin/twins/5").getString("source"));
            assertTrue(
                    get("/admin/twins").getJsonArray("twins").getValuesAs(JsonObject.class).stream()
                            .anyMatch(twin -> twin.getInt("id") == 4311
                                    && twin.getString("source").equals("admin")),
                    "listed with its source");

            HttpResponse<String> reload = admin().call("POST", "/admin/twins/reload");
            assertEquals(200, reload.statusCode(), reload.body());
            JsonObject outcome = RelayAdmin.json(reload);
            assertTrue(outcome.getInt("loaded") >= 5, outcome.toString());
            assertTrue(outcome.getInt("changed") >= 1, "eve is the file's again: " + outcome);
            assertEquals(3, outcome.getJsonArray("files").size(), outcome.toString());

            JsonObject restored = get("/admin/twins/5");
            assertEquals(eve, restored, "eve as the file has her");
            assertEquals("admin", get("/admin/twins/4311").getString("source"), "the API's own twin stays");
        } finally {
            admin().deleteTwin(4311);
            admin().call("POST", "/admin/twins/reload");
        }
        ServerLog.awaitLine(ServerLog.relay1(), "admin API: admin from 127.0.0.1: reloaded the registry files");
        ServerLog.awaitLine(ServerLog.relay1(), "admin API: admin from 127.0.0.1: twin 4311 created");
    }

    @Test
    void badInputAnswers400UnknownThings404AndNoCredentials401() throws Exception {
        for (String[] request : List.of(
                new String[] {"GET", "/admin/sessions?twin=abc", "twin id"},
                new String[] {"GET", "/admin/sessions?limit=0", "limit"},
                new String[] {"GET", "/admin/queues?limit=100000", "limit"},
                new String[] {"DELETE", "/admin/sessions/99999999999", "twin id"},
                new String[] {"DELETE", "/admin/sessions/0/x", "twin id"},
                new String[] {"DELETE", "/admin/sessions/4/" + "s".repeat(1025), "session id too long"},
                new String[] {"GET", "/admin/queues/x/-", "twin id"},
                new String[] {"DELETE", "/admin/queues/-4/-", "twin id"})) {
            HttpResponse<String> response = admin().call(request[0], request[1]);
            String what = request[0] + " " + request[1];
            assertEquals(400, response.statusCode(), what + ": " + response.body());
            assertTrue(RelayAdmin.json(response).getString("error").contains(request[2]), what);
        }
        assertEquals(404, admin().call("DELETE", "/admin/sessions/4294/nobody").statusCode());
        assertEquals(404, admin().call("DELETE", "/admin/sessions/4294").statusCode());
        assertEquals(404, admin().call("DELETE", "/admin/queues/4294/nobody").statusCode());
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http("/admin/sessions")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void openApiDescribesTheAdminApiAndTheFederationIngress() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        JsonObject paths = openApi(client, http("/openapi").toString()).getJsonObject("paths");
        for (String path : List.of(
                "/admin/twins",
                "/admin/twins/{id}",
                "/admin/twins/reload",
                "/admin/sessions",
                "/admin/sessions/{twin}",
                "/admin/sessions/{twin}/{sid}",
                "/admin/queues",
                "/admin/queues/{twin}/{sid}",
                "/admin/federation",
                "/admin/peer")) {
            assertTrue(paths.containsKey(path), path + " in " + paths.keySet());
        }
        assertTrue(paths.getJsonObject("/").containsKey("post"), "POST /");
        assertFalse(paths.getJsonObject("/").containsKey("get"), "GET / is no API");

        HttpResponse<String> ui =
                client.send(HttpRequest.newBuilder(http("/openapi/ui")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().toLowerCase().contains("<html"), "the UI page");

        // relay 3 has no admin password: its document leaves the admin API out
        JsonObject withoutAdmin = openApi(client, "http://127.0.0.1:" + ChainRelayServer.PORT + "/openapi")
                .getJsonObject("paths");
        assertEquals(List.of("/"), List.copyOf(withoutAdmin.keySet()));

        // what the relay answered before stays: GET / is the reference's 404
        HttpResponse<String> root =
                client.send(HttpRequest.newBuilder(http("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, root.statusCode());
        assertEquals("page not found", root.body());
    }

    private static JsonObject openApi(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
