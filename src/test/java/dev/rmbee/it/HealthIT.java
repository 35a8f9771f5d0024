package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.BuildRedis;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.FailingDeployment;
import dev.rmbee.testing.HealthProbe;
import dev.rmbee.testing.HealthProbe.Answer;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.StoppedServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Health of the real servers: relay 1 (Redis mode, also a peer gateway) and relay 2
 * (embedded) are live, ready and started with their checks named; relay 1 is not ready while the
 * build's Redis is down, naming it, and ready again once Redis is back (its Redis client
 * reconnects); an application that failed to start keeps relay 2 not ready and not started, as
 * Liberty reports it, until it is removed.
 */
class HealthIT extends RelayDeployment {

    private static final Set<String> READINESS = Set.of("registry", "redis", "federation", "peer");
    /** Redis back, the client reconnected: Redisson's reconnection runs on its own schedule. */
    private static final Duration RECONNECT = Duration.ofSeconds(90);

    private static final HealthProbe RELAY_2 = HealthProbe.of(EmbeddedRelayServer.domain());

    private HealthProbe relay1() {
        return HealthProbe.of(domain());
    }

    /** Ready, as soon as whatever an earlier test did (a relay stopped, Redis restarted) is over. */
    private static Answer ready(String what, HealthProbe relay, Duration timeout) {
        return Await.value(
                what + " ready",
                () -> {
                    Answer answer = relay.ready();
                    return answer.httpStatus() == 200 ? Optional.of(answer) : Optional.empty();
                },
                timeout);
    }

    private static void assertAllUp(Set<String> names, Answer answer) {
        assertEquals(names, answer.checks().keySet(), answer.toString());
        assertEquals("UP", answer.status(), answer.toString());
        names.forEach(name -> assertEquals("UP", answer.status(name), name + ": " + answer));
    }

    @Test
    void relay1InRedisAndPeerModeIsLiveReadyAndStarted() throws Exception {
        Answer ready = ready("relay 1", relay1(), Await.DEFAULT_TIMEOUT);
        assertAllUp(READINESS, ready);
        assertEquals("redis://127.0.0.1:" + BuildRedis.PORT, ready.data("redis", "redis"));
        assertEquals("running", ready.data("federation", "workers"));
        assertEquals("not configured", ready.data("registry", "tfchain"));
        assertEquals("up", ready.data("peer", "local-redis"));
        assertEquals("up", ready.data("peer", "relay ws://" + domain() + "/"), "its link to relay 1 itself");

        Answer live = relay1().live();
        assertEquals(200, live.httpStatus(), live.toString());
        assertAllUp(Set.of("relay"), live);
        Answer started = relay1().started();
        assertEquals(200, started.httpStatus(), started.toString());
        assertAllUp(Set.of("deployment"), started);
    }

    @Test
    void relay2InEmbeddedModeIsLiveReadyAndStarted() throws Exception {
        Answer ready = ready("relay 2", RELAY_2, EmbeddedRelayServer.START_TIMEOUT);
        assertAllUp(READINESS, ready);
        assertEquals("not configured", ready.data("redis", "redis"));
        assertEquals("off", ready.data("peer", "peer"));
        assertEquals("running", ready.data("federation", "workers"));
        assertTrue(Integer.parseInt(ready.data("registry", "local-twins")) > 0, ready.toString());

        assertAllUp(Set.of("relay"), RELAY_2.live());
        assertAllUp(Set.of("deployment"), RELAY_2.started());
    }

    @Test
    void withTheBuildsRedisDownRelay1IsNotReadyNamingRedisUntilItIsBack() throws Exception {
        ready("relay 1", relay1(), Await.DEFAULT_TIMEOUT);
        try (StoppedServer down = BuildRedis.down()) {
            Answer notReady = Await.value("relay 1 not ready, its redis check down", () -> {
                Answer answer = relay1().ready();
                return answer.checks().containsKey("redis")
                                && answer.status("redis").equals("DOWN")
                        ? Optional.of(answer)
                        : Optional.empty();
            });
            assertEquals(503, notReady.httpStatus(), notReady.toString());
            assertEquals("DOWN", notReady.status(), notReady.toString());
            assertTrue(
                    notReady.data("redis", "redis")
                            .startsWith("redis://127.0.0.1:" + BuildRedis.PORT + " did not answer"),
                    notReady.toString());
            assertEquals("DOWN", notReady.status("peer"), "the peer's local API is on that Redis: " + notReady);
            assertEquals("not answering", notReady.data("peer", "local-redis"));
            assertEquals("UP", notReady.status("registry"), notReady.toString());

            Answer live = relay1().live();
            assertEquals(200, live.httpStatus(), "liveness reads no Redis: " + live);

            down.start();
            Answer back = ready("relay 1 with Redis back", relay1(), RECONNECT);
            assertAllUp(READINESS, back);
        }
    }

    /**
     * What Liberty does for a deployment that failed (a setting that is no number, here): once the
     * failure is logged, readiness and startup DOWN for as long as the application is installed but
     * not started, whatever the started applications' own checks say.
     */
    @Test
    void anApplicationThatFailedToStartKeepsRelay2NotReadyAndNotStarted() throws Exception {
        ready("relay 2", RELAY_2, EmbeddedRelayServer.START_TIMEOUT);
        String name = "health-it-failing";
        Path log = EmbeddedRelayServer.directory().resolve("logs/messages.log");
        long logged = Files.size(log);
        try (FailingDeployment failing = FailingDeployment.into(EmbeddedRelayServer.directory(), name)) {
            Answer ready = Await.value(
                    "relay 2 not ready, its log saying that the application " + name + " failed to start",
                    () -> {
                        Answer answer = RELAY_2.ready();
                        return answer.httpStatus() == 503 && failed(logSince(log, logged), name)
                                ? Optional.of(answer)
                                : Optional.empty();
                    },
                    EmbeddedRelayServer.START_TIMEOUT);
            assertEquals("DOWN", ready.status(), ready.toString());
            assertAllUpChecks(ready);
            Answer started = Await.value("relay 2 not started", () -> {
                Answer answer = RELAY_2.started();
                return answer.httpStatus() == 503 ? Optional.of(answer) : Optional.empty();
            });
            assertEquals("DOWN", started.status(), started.toString());

            failing.remove();
            assertAllUp(
                    READINESS,
                    ready("relay 2 without the failed application", RELAY_2, EmbeddedRelayServer.START_TIMEOUT));
        }
    }

    /** The relay's own checks stay UP: DOWN comes from the application that did not start. */
    private static void assertAllUpChecks(Answer answer) {
        assertEquals(READINESS, answer.checks().keySet(), answer.toString());
        READINESS.forEach(check -> assertEquals("UP", answer.status(check), check + ": " + answer));
    }

    /** Liberty's words for an application that failed to start (CWWKZ0002E, CWWKZ0012I). */
    private static boolean failed(String log, String application) {
        return log.contains("starting the application " + application + ".")
                || log.contains("The application " + application + " was not started");
    }

    private static String logSince(Path log, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
