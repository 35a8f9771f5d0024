package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.auth.TokenClaims;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Relay links against {@link FakeRelay}s on real sockets: connecting, keep-alive, failover, closing. */
class RelayLinksTest {

    private static final int TWIN = 42;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Signer SIGNER = SubstrateKeys.signer("//Alice", KeyType.SR25519);
    /** Keep-alive in hundreds of milliseconds instead of tens of seconds. */
    private static final RelayLinkSettings FAST = RelayLinkSettings.DEFAULTS
            .withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofMillis(400))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    /**
     * Pings as often, but a liveness window long enough that a loaded machine (CI runs on two
     * cores) never misses it by accident: for the tests where the connection must survive, or
     * where the envelope Ping, not the silence, must be what gives it away.
     */
    private static final RelayLinkSettings FAST_TOLERANT = RelayLinkSettings.DEFAULTS
            .withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(3000), Duration.ofMillis(400))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private FakeRelay relay() throws Exception {
        FakeRelay relay = new FakeRelay();
        closing.add(relay);
        return relay;
    }

    private RelayLinks links(Clock clock, RelayLinkSettings settings, FakeRelay... relays) {
        RelayLinks links = new RelayLinks(
                Arrays.stream(relays).map(FakeRelay::url).toList(),
                TWIN,
                SIGNER,
                inbound::add,
                executor,
                scheduler,
                clock,
                settings);
        closing.add(0, links); // closed before the relays
        links.start();
        return links;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + WAIT);
            }
            Thread.sleep(10);
        }
    }

    private static Throwable failure(CompletableFuture<Void> result) {
        return assertThrows(ExecutionException.class, () -> result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .getCause();
    }

    private static Instant later() {
        return Instant.now().plus(WAIT);
    }

    @Test
    void eachConnectSignsInAsTheTwinWithAFreshToken() throws Exception {
        FakeRelay relay = relay();
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
        RelayLinks links = links(
                clock, RelayLinkSettings.DEFAULTS.withBackoff(Duration.ofMillis(20), Duration.ofMillis(40)), relay);

        FakeRelay.Connection first = relay.connection(0, WAIT);
        assertTrue(first.target.startsWith("/?"), "the token is the whole query: " + first.target.length());
        assertEquals(
                new TokenClaims(TWIN, null, 1_700_000_000L, 1_700_000_300L),
                RelayTokens.parse(first.token()).claims());
        await("connected", () -> links.status().get(0).connected());

        clock.advance(Duration.ofMinutes(10)); // the first token has expired by now
        first.sendClose(1001);
        FakeRelay.Connection second = relay.connection(1, WAIT);
        assertEquals(
                new TokenClaims(TWIN, null, 1_700_000_600L, 1_700_000_900L),
                RelayTokens.parse(second.token()).claims());
        await(
                "connected again",
                () -> links.status().get(0).connects() == 2
                        && links.status().get(0).connected());
        LinkStatus status = links.status().get(0);
        assertEquals(relay.url(), status.relay());
        assertEquals("closed: 1001", status.lastError());
    }

    @Test
    void sendsGoOutAndEveryInboundEnvelopeComesInWhole() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links =
                links(Clock.systemUTC(), RelayLinkSettings.DEFAULTS.withBounds(1000, 64, 100, 1 << 20), relay);
        FakeRelay.Connection connection = relay.connection(0, WAIT);
        await("connected", links::anyConnected);

        byte[] envelope = {1, 2, 3};
        links.send(envelope, later()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(envelope, connection.receive(WAIT));

        connection.sendBinary(new byte[] {9});
        connection.sendFragments(new byte[] {1}, new byte[] {2, 3}, new byte[] {4});
        connection.sendFragments(new byte[600], new byte[600]); // over the 1000-byte cap: dropped
        connection.sendBinary(new byte[] {7});
        assertArrayEquals(new byte[] {9}, inbound.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, inbound.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertArrayEquals(new byte[] {7}, inbound.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1, links.status().get(0).connects(), "an oversized message does not cost the connection");
    }

    @Test
    void anIdleConnectionIsKeptWithPingsWhosePongsStayInside() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = links(Clock.systemUTC(), FAST_TOLERANT, relay);
        relay.connection(0, WAIT);
        await(
                "a ping frame and two envelope pings",
                () -> relay.pingFrames.get() >= 1 && relay.envelopePings.get() >= 2);
        Thread.sleep(3500); // longer than the liveness window
        assertEquals(1, relay.connectionCount(), "answered pings keep the connection");
        assertTrue(links.status().get(0).connected());
        assertNull(inbound.poll(), "the relay's Pongs to the link's Pings are not passed on");
    }

    @Test
    void aConnectionThatWentSilentIsAbortedAndReplaced() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = links(Clock.systemUTC(), FAST, relay);
        relay.connection(0, WAIT);
        await("connected", links::anyConnected);
        relay.silent = true; // the TCP connection stays open; nothing comes back (a half-open connection)
        relay.connection(1, WAIT);
        relay.silent = false;
        String reason = links.status().get(0).lastError();
        assertTrue(
                reason.equals("nothing received for 1000 ms")
                        || reason.equals("no Pong to the envelope Ping within 1000 ms"),
                reason);
        await("connected again", () -> links.status().get(0).connected());
        links.send(new byte[] {5}, later()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(new byte[] {5}, relay.connection(1, WAIT).receive(WAIT));
    }

    @Test
    void aRelayThatNoLongerAnswersEnvelopePingsIsLeft() throws Exception {
        FakeRelay relay = relay();
        relay.answerEnvelopePings = false; // the socket answers, the relay behind it does not route
        RelayLinks links = links(Clock.systemUTC(), FAST_TOLERANT, relay);
        relay.connection(1, WAIT);
        assertEquals(
                "no Pong to the envelope Ping within 3000 ms",
                links.status().get(0).lastError());
    }

    @Test
    void sendsWaitForARefusingRelayUntilTheirDeadline() throws Exception {
        FakeRelay relay = relay();
        relay.refuseWith = 401;
        RelayLinks links = links(Clock.systemUTC(), FAST, relay);
        await("three attempts", () -> relay.handshakes.size() >= 3);
        LinkStatus status = links.status().get(0);
        assertFalse(status.connected());
        assertEquals("cannot connect: the relay answered HTTP 401", status.lastError());

        Throwable late = failure(links.send(new byte[] {1}, Instant.now().plusMillis(300)));
        assertInstanceOf(RelayUnavailableException.class, late);
        CompletableFuture<Void> patient = links.send(new byte[] {2}, later());
        assertFalse(patient.isDone());

        relay.refuseWith = 0;
        patient.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        FakeRelay.Connection connection = relay.connection(0, WAIT);
        assertArrayEquals(new byte[] {2}, connection.receive(WAIT), "only the one still within its deadline");
        assertNull(connection.receive(Duration.ofMillis(200)));
    }

    @Test
    void trafficMovesToTheOtherRelayAndStaysThere() throws Exception {
        FakeRelay a = relay();
        FakeRelay b = relay();
        RelayLinks links = links(Clock.systemUTC(), FAST, a, b);
        await("both connected", () -> links.status().stream().allMatch(LinkStatus::connected));
        links.send(new byte[] {1}, later()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(new byte[] {1}, a.connection(0, WAIT).receive(WAIT), "the first relay first");

        a.refuseWith = 503;
        a.connection(0, WAIT).drop();
        await("a down", () -> !links.status().get(0).connected());
        for (int i = 2; i <= 4; i++) {
            links.send(new byte[] {(byte) i}, later()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertArrayEquals(new byte[] {(byte) i}, b.connection(0, WAIT).receive(WAIT));
        }

        a.refuseWith = 0;
        await("a back", () -> links.status().get(0).connected());
        links.send(new byte[] {5}, later()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(new byte[] {5}, b.connection(0, WAIT).receive(WAIT), "b wrote last: it stays first");
        assertNull(a.connection(1, WAIT).receive(Duration.ofMillis(200)));
    }

    @Test
    void whatAStuckConnectionHadNotWrittenGoesOutOnTheOtherInOrder() throws Exception {
        FakeRelay a = relay();
        FakeRelay b = relay();
        RelayLinks links = links(Clock.systemUTC(), FAST, a, b);
        await("both connected", () -> links.status().stream().allMatch(LinkStatus::connected));
        a.refuseWith = 503;
        a.silent = true; // a stops reading: its socket buffers fill, the writes stall, the link gives up

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        int count = 40;
        for (int i = 0; i < count; i++) {
            byte[] envelope = new byte[512 * 1024];
            envelope[0] = (byte) i;
            sends.add(links.send(envelope, Instant.now().plusSeconds(30)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // what a's socket had taken is gone with it (as with any relay); the rest reached b, in order
        List<Integer> onB = new ArrayList<>();
        FakeRelay.Connection connection = b.connection(0, WAIT);
        // until the last one: everything was written, but b's reading may lag on a busy machine
        for (byte[] got = connection.receive(WAIT); got != null; got = connection.receive(WAIT)) {
            onB.add((int) got[0]);
            if (got[0] == count - 1) {
                break;
            }
        }
        assertFalse(onB.isEmpty(), "nothing was handed over to b");
        int firstOnB = count - onB.size();
        List<Integer> expected = new ArrayList<>();
        for (int i = firstOnB; i < count; i++) {
            expected.add(i);
        }
        assertEquals(expected, onB);
        assertNotNull(links.status().get(0).lastError());
    }

    @Test
    void closeEndsTheConnectionsAndFailsWhatIsLeft() throws Exception {
        FakeRelay up = relay();
        FakeRelay down = relay();
        down.refuseWith = 503;
        RelayLinks links = links(Clock.systemUTC(), FAST, up, down);
        FakeRelay.Connection connection = up.connection(0, WAIT);
        await("connected", links::anyConnected);
        up.refuseWith = 503;
        connection.drop();
        await("no link", () -> !links.anyConnected());
        CompletableFuture<Void> waiting = links.send(new byte[] {1}, later());

        links.close();
        assertEquals("the relay links are closed", failure(waiting).getMessage());
        assertEquals(
                "the relay links are closed",
                failure(links.send(new byte[] {2}, later())).getMessage());
        int attempts = down.handshakes.size() + up.handshakes.size();
        Thread.sleep(500);
        assertEquals(attempts, down.handshakes.size() + up.handshakes.size(), "no reconnects after close");
        assertTrue(links.status().stream().noneMatch(LinkStatus::connected));
    }

    @Test
    void closeSaysGoodbyeToTheRelay() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = links(Clock.systemUTC(), FAST, relay);
        FakeRelay.Connection connection = relay.connection(0, WAIT);
        await("connected", links::anyConnected);
        links.close();
        await("a close frame", () -> connection.closeCode == 1000);
    }
}
