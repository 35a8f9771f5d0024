package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.Await;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against real HTTP servers on 127.0.0.1 ({@link ScriptedRelay}). */
class HttpRemoteRelayClientIT {

    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "relay-client-test");
        thread.setDaemon(true);
        return thread;
    });
    /** Timeouts that only a hang meets, for the tests of what relays answer. */
    private final HttpRemoteRelayClient client =
            new HttpRemoteRelayClient("http", executor, Await.DEFAULT_TIMEOUT, Await.DEFAULT_TIMEOUT);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private int post(String domain, byte[] body) throws Exception {
        return post(client, domain, body);
    }

    private static int post(HttpRemoteRelayClient client, String domain, byte[] body) throws Exception {
        return client.post(domain, body)
                .toCompletableFuture()
                .get(2 * Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void postsTheRawBodyToTheRootAndReturnsTheStatus() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (ScriptedRelay relay = ScriptedRelay.answering(202, 404, 500)) {
            assertEquals(202, post(relay.domain(), body));
            assertEquals(404, post(relay.domain(), body));
            assertEquals(500, post(relay.domain(), body));

            ScriptedRelay.Received first = relay.received().get(0);
            assertEquals("POST", first.method());
            assertEquals("/", first.path());
            assertArrayEquals(body, first.body());
        }
    }

    @Test
    void aSingleThreadForTheSendsIsEnough() throws Exception {
        // the client's own work (reading the answer) does not need a thread of the executor its
        // sends block: before, it did, and a POST on a one-thread executor waited for its timeout
        ExecutorService single = Executors.newSingleThreadExecutor();
        try (ScriptedRelay relay = ScriptedRelay.answering(202, 503)) {
            HttpRemoteRelayClient oneThread = new HttpRemoteRelayClient(
                    "http", single, Await.DEFAULT_TIMEOUT, Await.DEFAULT_TIMEOUT.multipliedBy(4));
            assertEquals(202, post(oneThread, relay.domain(), new byte[] {1}));
            assertEquals(503, post(oneThread, relay.domain(), new byte[] {2}));
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void theClientWithItsOwnThreadsPosts() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.answering(202)) {
            assertEquals(202, post(new HttpRemoteRelayClient("http"), relay.domain(), new byte[] {7}));
            assertArrayEquals(new byte[] {7}, relay.received().get(0).body());
        }
    }

    @Test
    void connectionsAreKeptAlive() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.answering(202)) {
            for (int i = 0; i < 3; i++) {
                post(relay.domain(), new byte[] {1, 2, 3});
            }
            assertEquals(
                    1,
                    relay.received().stream()
                            .map(ScriptedRelay.Received::remotePort)
                            .distinct()
                            .count(),
                    "one pooled connection");
        }
    }

    @Test
    void aRefusedConnectionFailsTheStage() {
        ExecutionException failure =
                assertThrows(ExecutionException.class, () -> post(ScriptedRelay.refusingDomain(), new byte[] {1}));
        assertInstanceOf(ConnectException.class, failure.getCause());
    }

    /**
     * A relay that never answers (held until the test releases it, after the failure): the POST
     * fails with the client's request timeout, and the relay received it and had not answered.
     */
    @Test
    void aRelayThatDoesNotAnswerTimesOut() throws Exception {
        HttpRemoteRelayClient impatient =
                new HttpRemoteRelayClient("http", executor, Await.DEFAULT_TIMEOUT, Duration.ofMillis(500));
        try (ScriptedRelay relay = ScriptedRelay.answering(202)) {
            relay.hold();

            ExecutionException failure =
                    assertThrows(ExecutionException.class, () -> post(impatient, relay.domain(), new byte[] {1}));

            assertInstanceOf(HttpTimeoutException.class, failure.getCause());
            Await.until("the request reached the relay", () -> relay.requests() == 1);
            assertEquals(0, relay.answered(), "which had not answered: the request timeout ended it");
        }
    }

    @Test
    void urisAreSchemeDomainAndRoot() {
        assertEquals("http://127.0.0.1:8082/", client.uri("127.0.0.1:8082").toString());
        HttpRemoteRelayClient https = new HttpRemoteRelayClient("HTTPS", executor);
        assertEquals("https", https.scheme());
        assertEquals("https://relay.grid.tf/", https.uri("relay.grid.tf").toString());
        assertEquals("https://[::1]:8443/", https.uri("[::1]:8443").toString());
    }

    @Test
    void domainsThatAreNoHostsAreRefused() {
        for (String domain : new String[] {"relay/path", "user@relay", "relay?x", "relay#f", "a b", ""}) {
            ExecutionException failure =
                    assertThrows(ExecutionException.class, () -> post(domain, new byte[] {1}), domain);
            assertInstanceOf(IllegalArgumentException.class, failure.getCause(), domain);
        }
        assertThrows(IllegalArgumentException.class, () -> new HttpRemoteRelayClient("ftp", executor));
    }
}
