package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayValueTest {

    @Test
    void hostNamesWithoutSchemeOrPortDeduplicatedInConfiguredOrder() {
        String value = RelayValue.of(List.of(
                URI.create("wss://relay.grid.tf:443"),
                URI.create("wss://r2.example.org/"),
                URI.create("ws://relay.grid.tf"),
                URI.create("wss://R2.Example.ORG:8443/path")));
        assertEquals("relay.grid.tf_r2.example.org", value);
        assertTrue(RelayRules.relayProblem(value).isEmpty());
    }

    @Test
    void oneRelayIsItsHostName() {
        assertEquals("10.0.0.1", RelayValue.of(List.of(URI.create("ws://10.0.0.1:8080"))));
    }

    @Test
    void valuesAreComparedAsSetsOfHosts() {
        assertTrue(RelayValue.sameHosts("r1.example.org_r2.example.org", "r2.example.org_r1.example.org"));
        assertTrue(RelayValue.sameHosts("a.b_a.b", "a.b"));
        assertTrue(RelayValue.sameHosts(null, ""));
        assertFalse(RelayValue.sameHosts("r1.example.org", "r1.example.org_r2.example.org"));
        assertFalse(RelayValue.sameHosts(null, "relay.grid.tf"));
        assertEquals(Set.of("r1.example.org", "r2.example.org"), RelayValue.hosts("r1.example.org_r2.example.org"));
    }

    @Test
    void refusesNoRelayOrAUrlWithoutHost() {
        assertThrows(IllegalArgumentException.class, () -> RelayValue.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> RelayValue.of(List.of(URI.create("relay.grid.tf"))));
    }
}
