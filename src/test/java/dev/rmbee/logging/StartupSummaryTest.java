package dev.rmbee.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StartupSummaryTest {

    private static final StartupSummary.Limits DEFAULT_LIMITS =
            new StartupSummary.Limits(100000, 4194304, 0, 0, 60, 10000, 3600);

    @Test
    void theEmbeddedRelayOfMvnLibertyRun() {
        StartupSummary.Facts facts = new StartupSummary.Facts(
                "0.1.0-SNAPSHOT",
                new LinkedHashSet<>(List.of("localhost")),
                Optional.empty(),
                false,
                Optional.of("/srv/demo/twins.json"),
                List.of(),
                DEFAULT_LIMITS,
                "https",
                Optional.empty(),
                Optional.empty());
        assertEquals(
                "rmb-ee 0.1.0-SNAPSHOT starting [mode=embedded peer=off domains=localhost"
                        + " registry.files=/srv/demo/twins.json chain=off max-sessions=100000"
                        + " max-message-bytes=4194304 limit.count=none limit.bytes=none limit.window=60s"
                        + " queue.max-length=10000 queue.expiry=3600s federation.scheme=https admin=off]",
                StartupSummary.line(facts));
    }

    @Test
    void aRedisRelayWithPeerChainAndAdminShowsNoSecret() {
        StartupSummary.Facts facts = new StartupSummary.Facts(
                "1.0.0",
                new LinkedHashSet<>(List.of("relay.example.org", "127.0.0.1:8080")),
                Optional.of("redis://default:hunter2@redis:6379"),
                false,
                Optional.empty(),
                List.of("wss://tfchain.grid.tf/ws?key=abc", "wss://backup.example/ws"),
                new StartupSummary.Limits(500, 1024, 100, 2048, 10, 50, 600),
                "https",
                Optional.of(new StartupSummary.Peer(
                        "sr25519",
                        OptionalInt.empty(),
                        List.of("wss://u:pw@relay.example.org/", "ws://127.0.0.1:8080/"))),
                Optional.of("ops"));
        String line = StartupSummary.line(facts);
        assertEquals(
                "rmb-ee 1.0.0 starting [mode=redis redis=redis://default:***@redis:6379 peer=on peer.key-type=sr25519"
                        + " peer.twin=by-account peer.relays=wss://u:***@relay.example.org/,ws://127.0.0.1:8080/"
                        + " domains=relay.example.org,127.0.0.1:8080 registry.files=none"
                        + " chain=wss://tfchain.grid.tf/ws?***,wss://backup.example/ws max-sessions=500"
                        + " max-message-bytes=1024 limit.count=100 limit.bytes=2048 limit.window=10s"
                        + " queue.max-length=50 queue.expiry=600s federation.scheme=https admin=on admin.user=ops]",
                line);
        assertFalse(line.contains("hunter2") || line.contains("pw@") || line.contains("abc"));
    }

    @Test
    void aClusterAndAGivenPeerTwin() {
        StartupSummary.Facts facts = new StartupSummary.Facts(
                "1.0.0",
                new LinkedHashSet<>(List.of("localhost")),
                Optional.of("redis://a:7000,redis://b:7001"),
                true,
                Optional.empty(),
                List.of(),
                DEFAULT_LIMITS,
                "http",
                Optional.of(new StartupSummary.Peer("ed25519", OptionalInt.of(42), List.of("ws://r/"))),
                Optional.empty());
        String line = StartupSummary.line(facts);
        assertEquals(true, line.contains("[mode=redis-cluster redis=redis://a:7000,redis://b:7001 peer=on"), line);
        assertEquals(true, line.contains(" peer.twin=42 "), line);
    }
}
