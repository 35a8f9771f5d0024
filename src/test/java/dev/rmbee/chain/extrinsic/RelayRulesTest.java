package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelayRulesTest {

    private static final JsonObject RUNTIME = Vectors.load("chain/runtime-spec144.json");

    @Test
    void agreesWithEveryProbeOfTheRealRuntime() {
        JsonObject probes = RUNTIME.getJsonObject("relayProbes");
        assertEquals(10, probes.size());
        for (Map.Entry<String, ?> probe : probes.entrySet()) {
            String quoted = probe.getKey();
            assertTrue(quoted.startsWith("\"") && quoted.endsWith("\"") && !quoted.contains("\\"), quoted);
            String relay = quoted.substring(1, quoted.length() - 1);
            String outcome = ((JsonString) probe.getValue()).getString();
            assertTrue(outcome.equals("ok") || outcome.equals("tfgridModule.InvalidRelayAddress"), outcome);
            assertEquals(outcome.equals("ok"), RelayRules.relayProblem(relay).isEmpty(), quoted);
        }
    }

    @Test
    void agreesWithEveryIncludedUpdateOfTheRealRuntime() {
        int checked = 0;
        for (JsonObject block : RUNTIME.getJsonArray("blocks").getValuesAs(JsonObject.class)) {
            if (block.containsKey("number")) {
                boolean updated = block.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                        .anyMatch(event -> event.getString("event").equals("TwinUpdated"));
                assertEquals(
                        updated,
                        RelayRules.relayProblem(block.getString("relay")).isEmpty(),
                        block.toString());
                checked++;
            }
        }
        assertEquals(14, checked);
    }

    @Test
    void eachRefusalSaysWhichRule() {
        assertReason("", "is empty");
        assertReason("relay.grid.tf:443", "has ':' at index 13");
        assertReason("wss://relay.grid.tf", "has ':' at index 3");
        assertReason("relay grid", "has ' ' at index 5");
        assertReason("relé.example.org", "has byte 0xc3 at index 3");
        assertReason(".example.org", "starts with '.'");
        assertReason("example.org.", "ends with '.'");
        assertReason("a..b.org", "has '..' at index 1");
        assertReason("ab..org", "has '..' at index 2");
        assertReason("x.example.org", "first '.' at index 1");
        assertReason("a".repeat(1025), "1025 bytes");
    }

    @Test
    void acceptsWhatTheRuntimeAccepts() {
        for (String relay : new String[] {
            "a", "ab.example.org", "ab.c.org", "r1.example.org_x.example.org", "localhost", "a-b_c", "a".repeat(1024)
        }) {
            assertEquals(Optional.empty(), RelayRules.relayProblem(relay), relay);
        }
    }

    @Test
    void pkIsAtMost128Bytes() {
        assertFalse(RelayRules.pkProblem(new byte[128]).isPresent());
        assertEquals(
                "pk is 129 bytes, the chain takes at most 128",
                RelayRules.pkProblem(new byte[129]).orElseThrow());
    }

    @Test
    void requireValidRelayThrowsTheReason() {
        RelayRules.requireValidRelay("relay.grid.tf");
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> RelayRules.requireValidRelay("x.grid.tf"));
        assertTrue(refused.getMessage().contains("one-letter first label"), refused.getMessage());
    }

    private static void assertReason(String relay, String expected) {
        String reason = RelayRules.relayProblem(relay).orElseThrow(() -> new AssertionError("accepted " + relay));
        assertTrue(reason.startsWith("the chain refuses this relay value: it "), reason);
        assertTrue(reason.contains(expected), reason);
    }
}
