package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.redis.RedisSessionQueues;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.OfficialTwin;
import dev.rmbee.testing.RedisControl;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript client ({@code @threefold/rmb_direct_client} 2.9.2, run by node) as real
 * twins against the packaged WAR on a managed Open Liberty. The twins find each other in the shared
 * twins.json (a stub replaces the chain); every byte they send is made by the official package's code.
 *
 * <p>The relay forwards to connected sessions, so each serving twin is started (sid-less, the session
 * {@code Client.send} addresses) and ready before anyone calls it.
 */
class OfficialClientIT extends RelayDeployment {

    private static final String COMMAND = "rmbee.echo";
    /** The Redis of relay 1's session queues (the build's). */
    private static final int REDIS_PORT = Integer.getInteger("it.redis.port", 6391);

    private final List<OfficialTwin> twins = new ArrayList<>();

    @BeforeAll
    static void nodeAndTheOfficialClientAreThere() {
        OfficialTwin.ensureInstalled();
    }

    @AfterEach
    void stopTwins() {
        twins.forEach(OfficialTwin::close);
        twins.clear();
    }

    @Override
    protected URI relay() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort());
    }

    /** How many envelopes wait in relay 1's queue of {@code session} (its Redis stream). */
    private static long queued(SessionKey session) throws Exception {
        return Long.parseLong(RedisControl.command(REDIS_PORT, "XLEN", RedisSessionQueues.KEY_PREFIX + session));
    }

    private OfficialTwin serve(String name) {
        return track(OfficialTwin.serve(name, relay(), null));
    }

    private OfficialTwin track(OfficialTwin twin) {
        twins.add(twin);
        return twin;
    }

    private JsonObject call(String name, String session, int destination, String payload) {
        return json(track(OfficialTwin.call(name, relay(), session, destination, COMMAND, payload))
                .result());
    }

    private JsonObject ping(String name, String session) {
        return json(track(OfficialTwin.ping(name, relay(), session)).result());
    }

    private static JsonObject json(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    private static void assertServed(OfficialTwin server, String line) {
        assertTrue(
                server.log().stream().anyMatch(logged -> logged.contains(line)),
                "the serving twin logged \"" + line + "\"" + server.describe());
    }

    @Test
    void aliceSr25519CallsBobSr25519EndToEndEncrypted() {
        OfficialTwin bob = serve("bob");
        String payload = "{\"question\":\"are you there, bob?\",\"n\":1}";

        JsonObject response = call("alice", null, 2, payload);

        assertEquals(payload, response.getString("echo"));
        assertEquals("bob", response.getString("by"));
        assertEquals(2, response.size(), response.toString());
        assertServed(bob, COMMAND + " from 1 payload=cipher -> response payload=cipher");
    }

    @Test
    void aliceWithASessionCallsCharlieEd25519() {
        OfficialTwin charlie = serve("charlie");
        String payload = "plain text, not JSON: charlie echoes it as a string";

        JsonObject response = call("alice", "interop-a", 3, payload);

        assertEquals(payload, response.getString("echo"));
        assertEquals("charlie", response.getString("by"));
        // the request came from alice's session 1:interop-a and the response found its way back there
        assertServed(charlie, COMMAND + " from 1:interop-a payload=cipher -> response payload=cipher");
    }

    @Test
    void charlieWithTheEmptySessionCallsEveWhoHasNoE2eKey() {
        OfficialTwin eve = serve("eve");
        String payload = "{\"to\":\"eve\",\"list\":[1,2,3]}";

        JsonObject response = call("charlie", "", 5, payload);

        assertEquals(payload, response.getString("echo"));
        assertEquals("eve", response.getString("by"));
        // "" is a session of its own ("3:"), and without eve's pk both directions are plain
        assertServed(eve, COMMAND + " from 3: payload=plain -> response payload=plain");
    }

    @Test
    void aRequestForAnOfflineTwinWaitsUntilItComesBack() throws Exception {
        String payload = "{\"sent\":\"while dave was away\"}";
        // alice calls first: dave (a mnemonic identity) is not connected, so the relay queues it
        SessionKey daveSession = SessionKey.of(4);
        long before = queued(daveSession);
        OfficialTwin caller = track(OfficialTwin.call("alice", relay(), "offline-call", 4, COMMAND, payload));
        Await.until("alice's request queued in Redis for the offline dave", () -> queued(daveSession) > before);
        OfficialTwin dave = serve("dave");

        JsonObject response = json(caller.result());

        assertEquals(payload, response.getString("echo"));
        assertEquals("dave", response.getString("by"));
        assertServed(dave, COMMAND + " from 1:offline-call payload=cipher -> response payload=cipher");
    }

    @Test
    void aliceAndCharliePingAndGetTheirPong() {
        JsonObject alice = ping("alice", null);
        assertTrue(alice.getBoolean("pong"), alice.toString());
        assertEquals("hello world", alice.getString("plain"));
        JsonObject aliceDestination = alice.getJsonObject("destination");
        assertEquals(1, aliceDestination.getInt("twin"));
        assertFalse(aliceDestination.containsKey("connection"), "the sid-less session: " + alice);

        JsonObject charlie = ping("charlie", "svc-1");
        assertTrue(charlie.getBoolean("pong"), charlie.toString());
        assertEquals("hello world", charlie.getString("plain"));
        assertEquals(
                Json.createObjectBuilder()
                        .add("twin", 3)
                        .add("connection", "svc-1")
                        .build(),
                charlie.getJsonObject("destination"));
    }
}
