package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.federation.EmbeddedFederationQueue;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The federation's backlog and relay ranks as operators see them (the gateway's workers not started). */
class FederationAdminTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final EmbeddedFederationQueue queue = new EmbeddedFederationQueue(Runnable::run, scheduler);
    private final RelayRanker ranker = new RelayRanker(Duration.ofHours(1), clock);
    private final FederationGateway gateway = FederationGateway.builder()
            .queue(queue)
            .registry(new LocalTwinRegistry())
            .ranker(ranker)
            .client((domain, body) -> CompletableFuture.completedFuture(202))
            .replies(new EmbeddedSessionQueues(clock))
            .clock(clock)
            .threads(Runnable::run, scheduler)
            .workers(1)
            .build();

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void theBacklogAndEachRelayWithItsRank() throws Exception {
        queue.add(new byte[] {1});
        queue.add(new byte[] {2});
        ranker.order(List.of("good.example"));
        ranker.downvote("bad.example");

        JsonObject status =
                new FederationAdmin(gateway).status().toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertEquals(
                Json.createObjectBuilder()
                        .add("backlog", 2)
                        .add(
                                "relays",
                                Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder()
                                                .add("relay", "good.example")
                                                .add("rank", 1)
                                                .add("failures", 0)
                                                .add("failureRate", 0.0)
                                                .add("success", 0)
                                                .add("error", 0))
                                        .add(Json.createObjectBuilder()
                                                .add("relay", "bad.example")
                                                .add("rank", 2)
                                                .add("failures", 1)
                                                .add("failureRate", 1.0)
                                                .add("success", 0)
                                                .add("error", 0)))
                        .build(),
                status);
    }
}
