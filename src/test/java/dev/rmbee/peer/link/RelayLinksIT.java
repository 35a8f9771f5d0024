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
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestTwins;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Relay links against {@link FakeRelay}s on real sockets: connecting, keep-alive, failover, closing.
 *
 * <p>Where timing is the behaviour (keep-alive, liveness, reconnecting after a close) the links run
 * on a {@link ManualScheduler} with a {@link MutableClock}: their timers fire only when the test
 * moves time, and only then. The test moves it only while the link waits for nothing but time (no
 * connect in flight), so that the scheduler, which runs the link's timers while holding its own
 * lock, never waits for a link that waits for the scheduler.
 */
class RelayLinksIT {

    private static final int TWIN = 1;
    private static final Signer SIGNER = TestTwins.signer(TWIN);
    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    /** Keep-alive as in production (nothing happens to a live connection during a test), quick reconnects. */
    private static final RelayLinkSettings QUICK =
            RelayLinkSettings.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    /** Keep-alive in hundreds of milliseconds, for the manual timers: a tick every 50 ms. */
    private static final RelayLinkSettings KEEP_ALIVE =
            QUICK.withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(1000), Duration.ofMillis(400));
    /** Pings as often, and a liveness window long enough to wait in for a late Pong. */
    private static final RelayLinkSettings PATIENT =
            QUICK.withKeepAlive(Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofMillis(400));
    /**
     * Real time: a relay that stops reading is left after 3 s of silence, long enough that a
     * loaded machine does not leave the one that reads by accident.
     */
    private static final RelayLinkSettings STALLS_NOTICED =
            QUICK.withKeepAlive(Duration.ofMillis(200), Duration.ofMillis(3000), Duration.ofMillis(400));

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler timers = new ManualScheduler(clock);
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

    /** Links on real time. */
    private RelayLinks links(Clock clock, RelayLinkSettings settings, FakeRelay... relays) {
        return links(clock, scheduler, settings, relays);
    }

    /** Links on the manual timers and their clock. */
    private RelayLinks manualLinks(RelayLinkSettings settings, FakeRelay... relays) {
        return links(clock, timers, settings, relays);
    }

    private RelayLinks links(
            Clock clock, ScheduledExecutorService scheduler, RelayLinkSettings settings, FakeRelay... relays) {
        RelayLinks links = new RelayLinks(
                Arrays.stream(relays).map(FakeRelay::url).toList(),
                TWIN,
                SIGNER,
                frame -> CompletableFuture.completedFuture(inbound.add(frame)),
                executor,
                scheduler,
                clock,
                settings);
        closing.add(0, links); // closed before the relays
        links.start();
        return links;
    }

    private static Throwable failure(CompletableFuture<Void> result) {
        return assertThrows(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS))
                .getCause();
    }

    private static void sent(CompletableFuture<Void> result) throws Exception {
        result.get(30, TimeUnit.SECONDS);
    }

    /** A deadline well ahead on the wall clock. */
    private static Instant later() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    private byte[] nextInbound() {
        return Await.value("an envelope passed on by the link", () -> Optional.ofNullable(inbound.poll()));
    }

    @Test
    void eachConnectSignsInAsTheTwinWithAFreshToken() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = links(
                clock, RelayLinkSettings.DEFAULTS.withBackoff(Duration.ofMillis(20), Duration.ofMillis(40)), relay);

        FakeRelay.Connection first = relay.connection(0);
        assertTrue(first.target.startsWith("/?"), "the token is the whole query: " + first.target.length());
        assertEquals(
                new TokenClaims(TWIN, null, 1_700_000_000L, 1_700_000_300L),
                RelayTokens.parse(first.token()).claims());
        Await.until("connected", () -> links.status().get(0).connected());

        clock.advance(Duration.ofMinutes(10)); // the first token has expired by now
        first.sendClose(1001);
        FakeRelay.Connection second = relay.connection(1);
        assertEquals(
                new TokenClaims(TWIN, null, 1_700_000_600L, 1_700_000_900L),
                RelayTokens.parse(second.token()).claims());
        Await.until(
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
        FakeRelay.Connection connection = relay.connection(0);
        Await.until("connected", links::anyConnected);

        byte[] envelope = {1, 2, 3};
        sent(links.send(envelope, later()));
        assertArrayEquals(envelope, connection.receive());

        connection.sendBinary(new byte[] {9});
        connection.sendFragments(new byte[] {1}, new byte[] {2, 3}, new byte[] {4});
        connection.sendFragments(new byte[600], new byte[600]); // over the 1000-byte cap: dropped
        connection.sendBinary(new byte[] {7});
        assertArrayEquals(new byte[] {9}, nextInbound());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, nextInbound());
        assertArrayEquals(new byte[] {7}, nextInbound(), "the oversized one was dropped");
        assertEquals(1, links.status().get(0).connects(), "an oversized message does not cost the connection");
    }

    @Test
    void anIdleConnectionIsKeptWithPingsWhosePongsStayInside() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = manualLinks(PATIENT, relay);
        relay.connection(0);
        Await.until("connected", links::anyConnected);
        Instant connected = clock.instant();
        Duration tick = PATIENT.tick();

        // Each envelope Ping goes out when the link has taken in the Pong to the one before and
        // 400 ms have passed since. Time jumps to a tick before that, then moves a tick at a time
        // while the test waits for the relay's answer: slowly, so that a Pong the link takes in
        // late is still far within the liveness window of 60 s. More than that window passes, and
        // only the relay's Pongs (and those to the Ping frames) arrive.
        Instant survived = connected.plus(PATIENT.liveness()).plusSeconds(1);
        for (int ping = 1; !clock.instant().isAfter(survived); ping++) {
            timers.advance(PATIENT.envelopePing().minus(tick));
            int answered = ping;
            Await.until("the relay's Pong to envelope Ping " + answered, () -> {
                if (relay.envelopePongs.get() >= answered) {
                    return true;
                }
                timers.advance(tick);
                return false;
            });
            LinkStatus status = links.status().get(0);
            assertTrue(
                    status.connected(),
                    "still connected after " + Duration.between(connected, clock.instant()) + ": "
                            + status.lastError());
        }
        assertEquals(1, relay.connectionCount(), "answered pings keep the connection");
        assertEquals(1, links.status().get(0).connects());
        Await.until("a Ping frame", () -> relay.pingFrames.get() >= 1);
        // each Pong but the last was taken in before the next Ping went out: had the link passed
        // them on, they would be here
        assertNull(inbound.poll(), "the relay's Pongs to the link's Pings are not passed on");
    }

    @Test
    void aConnectionThatWentSilentIsAbortedAndReplaced() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = manualLinks(KEEP_ALIVE, relay);
        relay.connection(0);
        Await.until("connected", links::anyConnected);
        relay.silent(true); // the TCP connection stays open; nothing comes back (a half-open connection)

        timers.advance(KEEP_ALIVE.liveness());
        assertTrue(links.status().get(0).connected(), "nothing received for 1000 ms: not more than the window");
        timers.advance(KEEP_ALIVE.tick());
        LinkStatus status = links.status().get(0);
        assertFalse(status.connected());
        assertEquals("nothing received for 1000 ms", status.lastError());

        relay.silent(false);
        timers.advance(KEEP_ALIVE.backoffMax());
        relay.connection(1);
        Await.until("connected again", () -> links.status().get(0).connected());
        sent(links.send(new byte[] {5}, clock.instant().plusSeconds(60)));
        assertArrayEquals(new byte[] {5}, relay.connection(1).receive());
    }

    @Test
    void aRelayThatNoLongerAnswersEnvelopePingsIsLeft() throws Exception {
        FakeRelay relay = relay();
        relay.answerEnvelopePings = false; // the socket answers, the relay behind it does not route
        RelayLinks links = manualLinks(KEEP_ALIVE, relay);
        FakeRelay.Connection connection = relay.connection(0);
        Await.until("connected", links::anyConnected);

        timers.advance(KEEP_ALIVE.envelopePing());
        Await.until("the envelope Ping", () -> relay.envelopePings.get() >= 1);
        // other envelopes keep arriving (each taken in before time moves on): they do not make up
        // for the missing Pong
        connection.sendBinary(new byte[] {1});
        assertArrayEquals(new byte[] {1}, nextInbound());
        timers.advance(KEEP_ALIVE.liveness().minus(Duration.ofMillis(100)));
        connection.sendBinary(new byte[] {2});
        assertArrayEquals(new byte[] {2}, nextInbound());
        assertTrue(links.status().get(0).connected(), "the Pong is not late yet");

        timers.advance(Duration.ofMillis(200));
        LinkStatus status = links.status().get(0);
        assertFalse(status.connected());
        assertEquals("no Pong to the envelope Ping within 1000 ms", status.lastError());
        timers.advance(KEEP_ALIVE.backoffMax());
        relay.connection(1);
    }

    @Test
    void sendsWaitForARefusingRelayUntilTheirDeadline() throws Exception {
        FakeRelay relay = relay();
        relay.refuseWith = 401;
        RelayLinks links = links(Clock.systemUTC(), QUICK, relay);
        Await.until("three attempts", () -> relay.handshakes.size() >= 3);
        LinkStatus status = links.status().get(0);
        assertFalse(status.connected());
        assertEquals("cannot connect: the relay answered HTTP 401", status.lastError());

        Throwable late = failure(links.send(new byte[] {1}, Instant.now().plusMillis(300)));
        assertInstanceOf(RelayUnavailableException.class, late);
        CompletableFuture<Void> patient = links.send(new byte[] {2}, later());
        assertFalse(patient.isDone());

        relay.refuseWith = 0;
        sent(patient);
        FakeRelay.Connection connection = relay.connection(0);
        assertArrayEquals(new byte[] {2}, connection.receive(), "only the one still within its deadline");
        sent(links.send(new byte[] {3}, later()));
        assertArrayEquals(new byte[] {3}, connection.receive(), "and nothing else before the next one");
    }

    @Test
    void trafficMovesToTheOtherRelayAndStaysThere() throws Exception {
        FakeRelay a = relay();
        FakeRelay b = relay();
        RelayLinks links = links(Clock.systemUTC(), QUICK, a, b);
        Await.until("both connected", () -> links.status().stream().allMatch(LinkStatus::connected));
        sent(links.send(new byte[] {1}, later()));
        assertArrayEquals(new byte[] {1}, a.connection(0).receive(), "the first relay first");

        a.refuseWith = 503;
        a.connection(0).drop();
        Await.until("a down", () -> !links.status().get(0).connected());
        for (int i = 2; i <= 4; i++) {
            sent(links.send(new byte[] {(byte) i}, later()));
            assertArrayEquals(new byte[] {(byte) i}, b.connection(0).receive());
        }

        a.refuseWith = 0;
        Await.until("a back", () -> links.status().get(0).connected());
        sent(links.send(new byte[] {5}, later()));
        assertArrayEquals(new byte[] {5}, b.connection(0).receive(), "b wrote last: it stays first");
        // every envelope sent reached b, each once: none can still be on its way to a
        assertTrue(a.connection(1).received.isEmpty(), "nothing went to a after it came back");
    }

    @Test
    void whatAStuckConnectionHadNotWrittenGoesOutOnTheOtherInOrder() throws Exception {
        FakeRelay a = relay();
        FakeRelay b = relay();
        RelayLinks links = links(Clock.systemUTC(), STALLS_NOTICED, a, b);
        Await.until("both connected", () -> links.status().stream().allMatch(LinkStatus::connected));
        a.refuseWith = 503;
        a.silent(true); // a stops reading: its socket buffers fill, the writes stall, the link gives up

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        int count = 40;
        for (int i = 0; i < count; i++) {
            byte[] envelope = new byte[512 * 1024];
            envelope[0] = (byte) i;
            sends.add(links.send(envelope, Instant.now().plusSeconds(60)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        // what a's socket had taken is gone with it (as with any relay); the rest reached b, in order
        List<Integer> onB = new ArrayList<>();
        FakeRelay.Connection connection = b.connection(0);
        // until the last one: everything was written, but b's reading may lag on a busy machine
        for (byte[] got = connection.receive(); ; got = connection.receive()) {
            onB.add((int) got[0]);
            if (got[0] == count - 1) {
                break;
            }
        }
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
        RelayLinks links = manualLinks(QUICK, up, down);
        FakeRelay.Connection connection = up.connection(0);
        Await.until("connected", links::anyConnected);
        Await.until("the other refused", () -> links.status().get(1).lastError() != null);
        up.refuseWith = 503;
        connection.drop();
        Await.until("no link", () -> !links.anyConnected());
        CompletableFuture<Void> waiting =
                links.send(new byte[] {1}, clock.instant().plusSeconds(60));

        links.close();
        assertEquals("the relay links are closed", failure(waiting).getMessage());
        assertEquals(
                "the relay links are closed",
                failure(links.send(new byte[] {2}, clock.instant().plusSeconds(60)))
                        .getMessage());
        // reconnects are timers of the links: none is left, and past every backoff nothing connects
        int attempts = down.handshakes.size() + up.handshakes.size();
        assertEquals(0, timers.pending(), "timers left after close");
        assertEquals(0, timers.advance(Duration.ofMinutes(1)), "timers run after close");
        assertEquals(attempts, down.handshakes.size() + up.handshakes.size(), "no reconnects after close");
        assertTrue(links.status().stream().noneMatch(LinkStatus::connected));
    }

    @Test
    void closeSaysGoodbyeToTheRelay() throws Exception {
        FakeRelay relay = relay();
        RelayLinks links = links(Clock.systemUTC(), QUICK, relay);
        FakeRelay.Connection connection = relay.connection(0);
        Await.until("connected", links::anyConnected);
        links.close();
        Await.until("a close frame", () -> connection.closeCode == 1000);
    }
}
