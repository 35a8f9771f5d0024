package dev.rmbee.chain.rpc;

import static dev.rmbee.testing.Futures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.retry.Backoff;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.ScriptedRpcChannel;
import dev.rmbee.testing.ScriptedRpcNodes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NodePoolTest {

    static final URI A = URI.create("ws://node-a:9944");
    static final URI B = URI.create("wss://node-b.example.org");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(12);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final ScriptedRpcNodes nodes = new ScriptedRpcNodes();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private final NodePool pool = pool(nodes, scheduler);

    /** A pool of A then B whose backoff waits 1 s, 2 s, 4 s, 4 s… (always the ceiling). */
    static NodePool pool(ScriptedRpcNodes nodes, ManualScheduler scheduler) {
        return new NodePool(
                List.of(A, B),
                nodes,
                scheduler,
                CONNECT_TIMEOUT,
                CALL_TIMEOUT,
                new Backoff("chain reconnect", Duration.ofSeconds(1), Duration.ofSeconds(4)),
                () -> 1.0);
    }

    private void listen() {
        pool.addListener(new NodeListener() {
            @Override
            public void connected(RpcConnection connection) {
                events.add("connected " + connection.url());
            }

            @Override
            public void disconnected(String reason) {
                events.add("disconnected " + reason);
            }
        });
    }

    @Test
    void connectsToTheFirstUrl() {
        listen();
        RpcConnection connection = pool.start().join();

        assertEquals(A, connection.url());
        assertSame(connection, pool.current());
        assertEquals(List.of("connected " + A), events);
        assertEquals(0, scheduler.pending(), "no timer left");
    }

    @Test
    void aDeadFirstUrlIsFollowedByTheNextAfterTheBackoff() {
        nodes.refuse(A);
        CompletableFuture<RpcConnection> started = pool.start();
        assertFalse(started.isDone());
        assertThrows(RpcUnavailableException.class, pool::current);

        scheduler.advance(Duration.ofSeconds(1));

        assertEquals(B, started.join().url());
        assertEquals(List.of(A, B), nodes.attempts());
    }

    @Test
    void anAttemptThatHangsEndsAtTheConnectTimeoutAndALateChannelIsClosed() {
        nodes.hang(A);
        CompletableFuture<RpcConnection> started = pool.start();

        scheduler.advance(CONNECT_TIMEOUT.plusSeconds(1));
        assertEquals(B, started.join().url());

        CompletableFuture<RpcChannel> hung = nodes.hung().get(0);
        ScriptedRpcChannel late = nodes.channelFor(A, new RpcChannel.Listener() {
            @Override
            public void message(String text) {}

            @Override
            public void closed(String reason) {}
        });
        hung.complete(late);
        assertFalse(late.isOpen());
        assertSame(B, pool.current().url());
    }

    @Test
    void startGivesUpAfterTwiceTheUrlsButThePoolGoesOnTrying() {
        nodes.refuse(A);
        nodes.refuse(B);
        listen();
        CompletableFuture<RpcConnection> started = pool.start();

        scheduler.advance(Duration.ofSeconds(1 + 2 + 4));

        assertEquals(List.of(A, B, A, B), nodes.attempts());
        RpcUnavailableException error = assertInstanceOf(RpcUnavailableException.class, failure(started));
        assertTrue(error.getMessage().startsWith("failed to connect to substrate using the provided urls"));
        assertTrue(error.getMessage().contains("connection refused"), error.getMessage());

        nodes.accept(A);
        scheduler.advance(Duration.ofSeconds(4));
        assertEquals(A, pool.current().url());
        assertEquals(List.of("connected " + A), events);
    }

    @Test
    void theWaitBetweenFailedAttemptsGrowsUpToTheMaximum() {
        nodes.refuse(A);
        nodes.refuse(B);
        pool.start();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(scheduler.nextDelay());
            scheduler.advance(scheduler.nextDelay());
        }
        assertEquals(
                List.of(1L, 2L, 4L, 4L), waits.stream().map(Duration::toSeconds).toList());
    }

    @Test
    void aLostConnectionIsFollowedByTheNextUrlInTurn() {
        listen();
        pool.start().join();

        nodes.last().drop("connection reset");
        RpcUnavailableException none = assertThrows(RpcUnavailableException.class, pool::current);
        assertTrue(none.getMessage().contains("connection reset"), none.getMessage());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(B, pool.current().url());

        nodes.last().drop("node restarted");
        scheduler.advance(Duration.ofSeconds(1));

        assertEquals(A, pool.current().url());
        assertEquals(List.of(A, B, A), nodes.attempts());
        assertEquals(
                List.of(
                        "connected " + A,
                        "disconnected connection reset",
                        "connected " + B,
                        "disconnected node restarted",
                        "connected " + A),
                events);
    }

    @Test
    void reconnectLeavesTheCurrentNodeForTheNext() {
        pool.start().join();
        ScriptedRpcChannel first = nodes.last();

        pool.reconnect("no head for 7 s");
        scheduler.advance(Duration.ofSeconds(1));

        assertTrue(first.closedByClient());
        assertEquals(B, pool.current().url());
    }

    @Test
    void aListenerAddedWhileConnectedIsToldOnce() {
        pool.start().join();
        listen();
        assertEquals(List.of("connected " + A), events);
    }

    @Test
    void closingStopsEverything() {
        listen();
        pool.start().join();
        ScriptedRpcChannel channel = nodes.last();

        pool.close();

        assertTrue(channel.closedByClient());
        assertThrows(RpcUnavailableException.class, pool::current);
        assertEquals(0, scheduler.pending(), "nothing scheduled");
        assertEquals(List.of("connected " + A, "disconnected the chain node pool is closed"), events);
    }

    @Test
    void closingWhileWaitingCancelsTheNextAttempt() {
        nodes.refuse(A);
        CompletableFuture<RpcConnection> started = pool.start();

        pool.close();

        assertEquals(0, scheduler.pending());
        assertInstanceOf(RpcUnavailableException.class, failure(started));
        assertEquals(List.of(A), nodes.attempts());
    }
}
