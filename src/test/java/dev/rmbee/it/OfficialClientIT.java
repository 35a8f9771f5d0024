package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.OfficialTwin;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official TypeScript client ({@code @threefold/rmb_direct_client} 2.9.2, run by node) as real
 * twins against the packaged WAR on a managed Open Liberty. The twins find each other in the shared
 * twins.json (a stub replaces the chain); every byte they send is made by the official package's code.
 *
 * <p>The relay forwards to connected sessions, so each serving twin is started (sid-less, the session
 * {@code Client.send} addresses) and ready before anyone calls it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OfficialClientIT {

    private static final String COMMAND = "rmbee.echo";

    @ArquillianResource
    URL base;

    private final List<OfficialTwin> twins = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    @BeforeAll
    static void nodeAndTheOfficialClientAreThere() {
        OfficialTwin.ensureInstalled();
    }

    @AfterEach
    void stopTwins() {
        twins.forEach(OfficialTwin::close);
        twins.clear();
    }

    private URI relay() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort());
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
        OfficialTwin caller = track(OfficialTwin.call("alice", relay(), "offline-call", 4, COMMAND, payload));
        Thread.sleep(2000);
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
