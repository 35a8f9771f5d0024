package dev.rmbee.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.link.LinkStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

/** What each readiness check answers for the states of its part, and how it names what is down. */
class HealthChecksTest {

    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    private static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return data;
    }

    private static void assertReport(String name, Status status, Map<String, Object> data, HealthReport report) {
        HealthCheckResponse response = report.build();
        assertEquals(name, response.getName());
        assertEquals(status, response.getStatus());
        assertEquals(
                List.copyOf(data.entrySet()),
                List.copyOf(response.getData().orElseThrow().entrySet()));
    }

    @Test
    void registryIsReadyWithItsLocalTwinsAndWithTfchainOnlyWhileANodeIsConnected() {
        assertReport(
                "registry",
                Status.UP,
                data("local-twins", 5L, "tfchain", "not configured"),
                RegistryCheck.report(5, Optional.empty()));
        assertReport(
                "registry",
                Status.UP,
                data("local-twins", 1L, "tfchain", "ws://node:9944", "tfchain-block", 42L),
                RegistryCheck.report(
                        1,
                        Optional.of(new RegistryCheck.ChainState(
                                Optional.of(URI.create("ws://node:9944")), Optional.empty(), 42))));
        assertReport(
                "registry",
                Status.UP,
                data("local-twins", 0L, "tfchain", "ws://node:9944"),
                RegistryCheck.report(
                        0,
                        Optional.of(new RegistryCheck.ChainState(
                                Optional.of(URI.create("ws://node:9944")), Optional.empty(), -1))));
        assertReport(
                "registry",
                Status.DOWN,
                data("local-twins", 1L, "tfchain", "no chain node connected (last: ws://node:9944: refused)"),
                RegistryCheck.report(
                        1,
                        Optional.of(new RegistryCheck.ChainState(
                                Optional.empty(),
                                Optional.of("no chain node connected (last: ws://node:9944: refused)"),
                                -1))));
    }

    @Test
    void redisIsReadyWhenNotConfiguredOrAnswering() {
        Duration timeout = Duration.ofMillis(500);
        assertReport(
                "redis",
                Status.UP,
                data("redis", "not configured"),
                RedisCheck.report(Optional.empty(), false, timeout));
        assertReport(
                "redis",
                Status.UP,
                data("redis", "redis://***@host:6379"),
                RedisCheck.report(Optional.of("redis://***@host:6379"), true, timeout));
        assertReport(
                "redis",
                Status.DOWN,
                data("redis", "redis://***@host:6379 did not answer PING within 500 ms"),
                RedisCheck.report(Optional.of("redis://***@host:6379"), false, timeout));
    }

    @Test
    void federationIsReadyWhileItsWorkersRun() {
        assertReport("federation", Status.UP, data("workers", "running"), FederationCheck.report(true));
        assertReport("federation", Status.DOWN, data("workers", "stopped"), FederationCheck.report(false));
    }

    @Test
    void aPeerIsReadyWithOneRelayLinkUpAndItsLocalRedisAnswering() {
        LinkStatus up = new LinkStatus("ws://a:8080/", true, SINCE, "connection reset", 2, 0);
        LinkStatus down = new LinkStatus("wss://b/", false, SINCE, "HTTP 401", 1, 3);
        LinkStatus starting = new LinkStatus("ws://c/", false, null, null, 0, 0);

        assertReport(
                "peer",
                Status.UP,
                data("relay ws://a:8080/", "up", "relay wss://b/", "down: HTTP 401", "local-redis", "up"),
                PeerCheck.report(List.of(up, down), true));
        assertReport(
                "peer",
                Status.DOWN,
                data(
                        "relay wss://b/",
                        "down: HTTP 401",
                        "relay ws://c/",
                        "down",
                        "relays",
                        "no relay link is up",
                        "local-redis",
                        "up"),
                PeerCheck.report(List.of(down, starting), true));
        assertReport(
                "peer",
                Status.DOWN,
                data("relay ws://a:8080/", "up", "local-redis", "not answering"),
                PeerCheck.report(List.of(up), false));
    }
}
