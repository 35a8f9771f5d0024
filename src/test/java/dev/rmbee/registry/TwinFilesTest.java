package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Vectors;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinFilesTest {

    @Test
    void readsTheSharedTwins() throws Exception {
        List<Twin> twins = TwinFiles.read(Vectors.dir().resolve("twins.json"));
        assertEquals(5, twins.size());
        Twin alice = twins.get(0);
        assertEquals(1, alice.id());
        assertEquals(
                "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
                HexFormat.of().formatHex(alice.account()));
        assertEquals(Set.of("localhost"), alice.relays());
        assertEquals(33, alice.pk().length);
        Twin eve = twins.stream().filter(t -> t.id() == 5).findFirst().orElseThrow();
        assertNull(eve.pk(), "eve has no e2e key");
        assertFalse(eve.hasPk());
    }

    @Test
    void demoRegistryOfTheReadmeLoads() throws Exception {
        assertEquals(5, TwinFiles.read(Path.of("demo/twins.json")).size());
    }

    @Test
    void relaysMayBeGivenInTheChainsJoinedForm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("twins.json");
        Files.writeString(
                file,
                "{\"twins\":[{\"id\":9,\"account\":\"" + "ab".repeat(32)
                        + "\",\"relays\":\"r1.example_r2.example\"}]}");
        Twin twin = TwinFiles.read(file).get(0);
        assertEquals(Set.of("r1.example", "r2.example"), twin.relays());
        assertTrue(twin.isServedBy(Set.of("r2.example", "other")));
        assertFalse(twin.isServedBy(Set.of("localhost")));
    }

    @Test
    void badFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        assertTrue(error(dir, "not json").contains("not valid JSON"));
        assertTrue(error(dir, "{}").contains("missing \"twins\""));
        assertTrue(error(dir, "{\"twins\":[{\"id\":0,\"account\":\"00\"}]}").contains("twin #0"));
        assertTrue(error(dir, "{\"twins\":[{\"id\":1,\"account\":\"0x1234\"}]}").contains("32 bytes"));
        assertTrue(error(dir, "{\"twins\":[{\"id\":1,\"account\":\"zz\"}]}").contains("not valid hex"));
        assertTrue(assertThrows(RegistryException.class, () -> TwinFiles.read(dir.resolve("missing.json")))
                .getMessage()
                .contains("cannot read"));
    }

    @Test
    void wrongTypesAreNamedNotCast() {
        String account = "\"account\":\"0x" + "ab".repeat(32) + "\"";
        assertEquals("\"id\" must be an integer between 1 and 4294967295", twinError("{\"id\":\"7\"," + account + "}"));
        assertEquals("\"id\" must be an integer between 1 and 4294967295", twinError("{\"id\":1.5," + account + "}"));
        assertEquals(
                "\"id\" must be an integer between 1 and 4294967295", twinError("{\"id\":4294967296," + account + "}"));
        assertEquals("\"id\" must be an integer between 1 and 4294967295", twinError("{\"id\":1e30," + account + "}"));
        assertEquals(
                "\"id\" must be an integer between 1 and 4294967295",
                twinError("{\"id\":1e999999999," + account + "}"));
        assertEquals("\"id\" must be an integer between 1 and 4294967295", twinError("{" + account + "}"));
        assertEquals("\"account\" must be 32 bytes of hex", twinError("{\"id\":7,\"account\":7}"));
        assertEquals("\"relays\" must be an array of strings", twinError("{\"id\":7," + account + ",\"relays\":[1]}"));
        assertEquals(
                "\"relays\" must be an array of strings or one '_'-joined string",
                twinError("{\"id\":7," + account + ",\"relays\":{}}"));
        assertEquals("\"pk\" must be a hex string or null", twinError("{\"id\":7," + account + ",\"pk\":5}"));
        assertEquals("\"pk\" is not valid hex", twinError("{\"id\":7," + account + ",\"pk\":\"0xzz\"}"));
    }

    @Test
    void largestTwinIdAndNullMembersAreAccepted() {
        Twin twin = TwinFiles.parseTwin(
                json("{\"id\":4294967295,\"account\":\"0x" + "ab".repeat(32) + "\",\"relays\":null,\"pk\":null}"));
        assertEquals(4294967295L, Integer.toUnsignedLong(twin.id()));
        assertEquals(Set.of(), twin.relays());
        assertNull(twin.pk());
    }

    @Test
    void pkMustBeACompressedSecp256k1Key() {
        String twin = "{\"id\":7,\"account\":\"0x" + "ab".repeat(32) + "\",\"pk\":\"0x%s\"}";
        assertEquals(
                33,
                TwinFiles.parseTwin(json(String.format(twin, "02" + "11".repeat(32))))
                        .pk()
                        .length);
        assertEquals(
                33,
                TwinFiles.parseTwin(json(String.format(twin, "03" + "11".repeat(32))))
                        .pk()
                        .length);
        for (String pk : new String[] {
            "", "02", "02" + "11".repeat(31), "02" + "11".repeat(33), "04" + "11".repeat(32), "ab".repeat(5000)
        }) {
            assertTrue(twinError(String.format(twin, pk)).startsWith("\"pk\" must be a compressed secp256k1"), pk);
        }
    }

    @Test
    void relaysFollowTheChainsRulesWithAnOptionalPort() {
        String twin = "{\"id\":7,\"account\":\"0x" + "ab".repeat(32) + "\",\"relays\":[\"%s\"]}";
        for (String relay : new String[] {
            "localhost",
            "relay.grid.tf",
            "127.0.0.1:9183",
            "10.0.0.1",
            "UPPER.Example.ORG",
            "ab.example.org:443",
            "a".repeat(1024)
        }) {
            assertEquals(
                    Set.of(relay),
                    TwinFiles.parseTwin(json(String.format(twin, relay))).relays(),
                    relay);
        }
        for (String relay : new String[] {
            "",
            "wss://relay.grid.tf",
            "relay.grid.tf/",
            "relay grid",
            ".relay",
            "relay.",
            "a..b",
            "x.example.org",
            "relay:0",
            "relay:65536",
            "relay:",
            "relay:http",
            "r\u00e9lay",
            "a".repeat(1025),
            "${jndi:ldap://x/a}"
        }) {
            assertTrue(twinError(String.format(twin, relay)).startsWith("\"relays\""), relay);
        }
        String many = "{\"id\":7,\"account\":\"0x" + "ab".repeat(32) + "\",\"relays\":[\"" + "a".repeat(600) + "\",\""
                + "b".repeat(600) + "\"]}";
        assertTrue(twinError(many).contains("joined by '_'"));
    }

    @Test
    void aTwinEntryThatIsNotAnObjectIsNamed(@TempDir Path dir) throws Exception {
        assertTrue(error(dir, "{\"twins\":[7]}").contains("twin #0: must be a JSON object"));
    }

    private static String twinError(String twin) {
        return assertThrows(IllegalArgumentException.class, () -> TwinFiles.parseTwin(json(twin)))
                .getMessage();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String error(Path dir, String content) throws Exception {
        Path file = Files.createTempFile(dir, "twins", ".json");
        Files.writeString(file, content);
        return assertThrows(RegistryException.class, () -> TwinFiles.read(file)).getMessage();
    }
}
