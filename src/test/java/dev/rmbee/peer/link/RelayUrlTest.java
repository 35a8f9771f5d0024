package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayUrlTest {

    @Test
    void domainsAndIpAddressesAreAcceptedAndNormalized() {
        assertEquals(
                URI.create("wss://relay.grid.tf/"),
                RelayUrl.parse("wss://relay.grid.tf").uri());
        assertEquals(
                URI.create("wss://relay.grid.tf:443/"),
                RelayUrl.parse(" WSS://Relay.Grid.TF:443/ ").uri());
        assertEquals(
                URI.create("ws://127.0.0.1:8080/"),
                RelayUrl.parse("ws://127.0.0.1:8080").uri());
        assertEquals(
                URI.create("ws://[::1]:8080/relay"),
                RelayUrl.parse("ws://[::1]:8080/relay").uri());
    }

    @Test
    void theTokenBecomesTheWholeQuery() {
        assertEquals(
                URI.create("ws://127.0.0.1:8080/?a.b.c"),
                RelayUrl.parse("ws://127.0.0.1:8080").withToken("a.b.c"));
        assertEquals(
                URI.create("wss://relay.example/rmb?a.b.c"),
                RelayUrl.parse("wss://relay.example/rmb").withToken("a.b.c"));
    }

    @Test
    void badUrlsAreRefusedWithTheReason() {
        assertMessage("relay URL is empty", null);
        assertMessage("relay URL is empty", "  ");
        assertMessage("relay URL 'https://relay.grid.tf' must start with ws:// or wss://", "https://relay.grid.tf");
        assertMessage("relay URL 'relay.grid.tf' must start with ws:// or wss://", "relay.grid.tf");
        assertMessage("relay URL 'ws:relay' has no valid host name", "ws:relay");
        assertMessage("relay URL 'ws:///path' has no valid host name", "ws:///path");
        assertMessage(
                "relay URL 'ws://…@relay.example' must not contain user information", "ws://user:pw@relay.example");
        assertMessage(
                "relay URL 'ws://relay.example/…' must not have a query: the query carries the token",
                "ws://relay.example/?old.token.here");
        assertMessage("relay URL 'ws://relay.example/…' must not have a fragment", "ws://relay.example/#x");
        IllegalArgumentException invalid =
                assertThrows(IllegalArgumentException.class, () -> RelayUrl.parse("ws://re lay"));
        assertTrue(invalid.getMessage().startsWith("relay URL 'ws://re lay' is not a valid URL"), invalid.getMessage());
    }

    @Test
    void theListNeedsOneToFourDifferentRelays() {
        assertEquals(
                2,
                RelayLinks.parse(List.of("wss://a.example", "ws://127.0.0.1:9000"))
                        .size());
        assertThrows(IllegalArgumentException.class, () -> RelayLinks.parse(List.of()));
        IllegalArgumentException five = assertThrows(
                IllegalArgumentException.class,
                () -> RelayLinks.parse(List.of(
                        "ws://a.example", "ws://b.example", "ws://c.example", "ws://d.example", "ws://e.example")));
        assertEquals("the number of relays should not exceed 4 (got 5)", five.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> RelayLinks.parse(List.of("wss://a.example", "WSS://A.example:443/")));
        assertEquals("relay URL 'wss://a.example:443/' is listed twice", twice.getMessage());
        assertFalse(RelayUrl.parse("ws://a.example")
                .identity()
                .equals(RelayUrl.parse("wss://a.example").identity()));
    }

    private static void assertMessage(String expected, String url) {
        assertEquals(
                expected,
                assertThrows(IllegalArgumentException.class, () -> RelayUrl.parse(url))
                        .getMessage());
    }
}
