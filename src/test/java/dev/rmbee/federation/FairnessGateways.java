package dev.rmbee.federation;

import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The setup the fairness tests share ({@link FederationFairnessIT}, {@code RedisFederationFairnessIT}):
 * a gateway with 2 workers, short backoffs and the real HTTP client, whose request timeout (4 × the
 * test kit's timeout) a black-holed relay's POSTs meet only long after the test; and the requests
 * they queue.
 */
public final class FairnessGateways {

    private FairnessGateways() {}

    /** A gateway over {@code queue} whose egress window is {@code window} with {@code share} per relay. */
    public static FederationGateway gateway(
            FederationQueue queue,
            TwinRegistry twins,
            RelayRanker ranker,
            ExecutorService posts,
            Clock clock,
            ScheduledExecutorService executor,
            FederationCounters counters,
            int window,
            int share) {
        return FederationGateway.builder()
                .queue(queue)
                .registry(twins)
                .ranker(ranker)
                .client(new HttpRemoteRelayClient(
                        "http", posts, Await.DEFAULT_TIMEOUT, Await.DEFAULT_TIMEOUT.multipliedBy(4)))
                .replies(new EmbeddedSessionQueues(clock))
                .clock(clock)
                .threads(executor, executor)
                .workers(2)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .counters(counters)
                .limits(new EgressLimits(window, share, Duration.ofHours(1)))
                .build();
    }

    /** A request of {@code sender} to {@code twin} that expires in an hour. */
    public static byte[] request(SessionKey sender, int twin) {
        return TestEnvelopes.request(sender, SessionKey.of(twin), "test.echo")
                .payload("payload")
                .expiration(3600)
                .build()
                .toByteArray();
    }
}
