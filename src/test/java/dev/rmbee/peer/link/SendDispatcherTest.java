package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendDispatcherTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
    /** Runs the deadline timers only when a test moves time (and the clock with it). */
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    /** A link stand-in: takes envelopes while up and not full, and remembers them. */
    private static final class FakeOutlet implements SendDispatcher.Outlet {
        final String name;
        boolean up;
        int capacity = Integer.MAX_VALUE;
        final List<PendingSend> taken = new ArrayList<>();

        FakeOutlet(String name, boolean up) {
            this.name = name;
            this.up = up;
        }

        /** Per write started: whether the dispatcher's lock was held then. */
        final List<Boolean> writesUnderLock = new ArrayList<>();

        SendDispatcher dispatcher;

        @Override
        public synchronized Runnable offer(PendingSend send) {
            if (!up || taken.size() >= capacity) {
                return null;
            }
            taken.add(send);
            return () -> writesUnderLock.add(dispatcher != null && Thread.holdsLock(dispatcher));
        }

        synchronized List<PendingSend> takeAll() {
            List<PendingSend> all = new ArrayList<>(taken);
            taken.clear();
            return all;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Instant in(Duration time) {
        return clock.instant().plus(time);
    }

    private static byte[] bytes(int n) {
        return new byte[] {(byte) n};
    }

    private static Throwable failure(CompletableFuture<Void> result) throws Exception {
        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void theFirstLiveOutletTakesItAndTheOneThatWroteLastComesFirst() {
        FakeOutlet a = new FakeOutlet("a", false);
        FakeOutlet b = new FakeOutlet("b", true);
        FakeOutlet c = new FakeOutlet("c", true);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a, b, c), clock, scheduler, 100, 1 << 20);

        CompletableFuture<Void> first = dispatcher.submit(bytes(1), in(Duration.ofSeconds(10)));
        assertEquals(1, b.taken.size(), "a is down: b takes it");
        assertFalse(first.isDone(), "done only when written");
        dispatcher.written(b, b.takeAll().get(0));
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertEquals(List.of(b, a, c), dispatcher.order(), "b swapped into the first place");

        a.up = true;
        dispatcher.submit(bytes(2), in(Duration.ofSeconds(10)));
        assertEquals(1, b.taken.size(), "b stays preferred while it works");
        assertTrue(a.taken.isEmpty());
        dispatcher.written(c, b.takeAll().get(0)); // say c had written it
        assertEquals(List.of(c, a, b), dispatcher.order(), "swapped, not moved: the reference's rotation");
    }

    @Test
    void theWriteStartsOnTheSubmittingThreadOnceTheDispatcherHoldsNoLock() {
        FakeOutlet a = new FakeOutlet("a", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        a.dispatcher = dispatcher;
        dispatcher.submit(bytes(1), in(Duration.ofSeconds(10)));
        assertEquals(List.of(), a.writesUnderLock, "a is down: nothing to write");

        a.up = true;
        dispatcher.pump();
        assertEquals(List.of(false), a.writesUnderLock, "what waited starts on the pumping thread");
        dispatcher.submit(bytes(2), in(Duration.ofSeconds(10)));
        assertEquals(List.of(false, false), a.writesUnderLock, "and a new one on the submitting thread");
        assertEquals(2, a.taken.size());
    }

    @Test
    void aFullOutletPassesToTheNext() {
        FakeOutlet a = new FakeOutlet("a", true);
        FakeOutlet b = new FakeOutlet("b", true);
        a.capacity = 2;
        SendDispatcher dispatcher = new SendDispatcher(List.of(a, b), clock, scheduler, 100, 1 << 20);
        for (int i = 0; i < 3; i++) {
            dispatcher.submit(bytes(i), in(Duration.ofSeconds(10)));
        }
        assertEquals(2, a.taken.size());
        assertEquals(1, b.taken.size());
    }

    @Test
    void withNoOutletUpItWaitsInOrderAndGoesOutWhenOneComesUp() throws Exception {
        FakeOutlet a = new FakeOutlet("a", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> one = dispatcher.submit(bytes(1), in(Duration.ofSeconds(30)));
        CompletableFuture<Void> two = dispatcher.submit(bytes(2), in(Duration.ofSeconds(30)));
        assertEquals(2, dispatcher.waiting());

        a.up = true;
        CompletableFuture<Void> three = dispatcher.submit(bytes(3), in(Duration.ofSeconds(30)));
        // the third waited behind the others even though a was up, and the pump took all in order
        assertEquals(3, a.taken.size());
        assertArrayEquals(bytes(1), a.taken.get(0).envelope);
        assertArrayEquals(bytes(3), a.taken.get(2).envelope);
        assertEquals(0, dispatcher.waiting());
        for (PendingSend send : a.takeAll()) {
            dispatcher.written(a, send);
        }
        one.get(1, TimeUnit.SECONDS);
        two.get(1, TimeUnit.SECONDS);
        three.get(1, TimeUnit.SECONDS);
    }

    @Test
    void whatWaitsFailsAtItsDeadline() throws Exception {
        FakeOutlet a = new FakeOutlet("a", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> soon = dispatcher.submit(bytes(1), in(Duration.ofMillis(50)));
        CompletableFuture<Void> later = dispatcher.submit(bytes(2), in(Duration.ofHours(1)));

        scheduler.advance(Duration.ofMillis(49));
        assertFalse(soon.isDone(), "not before its deadline");
        scheduler.advance(Duration.ofMillis(1));
        Throwable error = failure(soon);
        assertInstanceOf(RelayUnavailableException.class, error);
        assertEquals("no relay connection took it before its deadline", error.getMessage());
        assertFalse(later.isDone());
        assertEquals(1, dispatcher.waiting(), "the expired one left the line");
    }

    @Test
    void aPastDeadlineFailsAtOnce() throws Exception {
        FakeOutlet a = new FakeOutlet("a", true);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        Throwable error = failure(dispatcher.submit(bytes(1), clock.instant()));
        assertEquals("the deadline passed before sending", error.getMessage());
        assertTrue(a.taken.isEmpty());
    }

    @Test
    void whatAnOutletCouldNotWriteGoesToAnotherFirst() throws Exception {
        FakeOutlet a = new FakeOutlet("a", true);
        FakeOutlet b = new FakeOutlet("b", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a, b), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> one = dispatcher.submit(bytes(1), in(Duration.ofSeconds(30)));
        CompletableFuture<Void> two = dispatcher.submit(bytes(2), in(Duration.ofSeconds(30)));
        a.up = false; // its connection failed with both unwritten
        b.up = true;
        CompletableFuture<Void> three = dispatcher.submit(bytes(3), in(Duration.ofSeconds(30)));
        dispatcher.handBack(a.takeAll());

        List<PendingSend> onB = b.takeAll();
        assertEquals(3, onB.size());
        assertArrayEquals(bytes(3), onB.get(0).envelope, "b was up when the third came");
        assertArrayEquals(bytes(1), onB.get(1).envelope, "then the handed-back ones, oldest first");
        assertArrayEquals(bytes(2), onB.get(2).envelope);
        onB.forEach(send -> dispatcher.written(b, send));
        CompletableFuture.allOf(one, two, three).get(1, TimeUnit.SECONDS);
    }

    @Test
    void handedBackWithNoOutletUpItWaitsForAReconnect() throws Exception {
        FakeOutlet a = new FakeOutlet("a", true);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> one = dispatcher.submit(bytes(1), in(Duration.ofSeconds(30)));
        a.up = false;
        dispatcher.handBack(a.takeAll());
        assertEquals(1, dispatcher.waiting());
        a.up = true; // reconnected
        dispatcher.pump();
        dispatcher.written(a, a.takeAll().get(0));
        one.get(1, TimeUnit.SECONDS);
    }

    @Test
    void handedBackAfterItsDeadlineItFails() throws Exception {
        FakeOutlet a = new FakeOutlet("a", true);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> one = dispatcher.submit(bytes(1), in(Duration.ofSeconds(5)));
        clock.advance(Duration.ofSeconds(6));
        dispatcher.handBack(a.takeAll());
        assertEquals("no relay wrote it before its deadline", failure(one).getMessage());
        assertEquals(0, dispatcher.waiting());
    }

    @Test
    void linkPingsAndSettledSendsAreNotHandedOn() {
        FakeOutlet a = new FakeOutlet("a", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a), clock, scheduler, 100, 1 << 20);
        PendingSend settled = PendingSend.of(bytes(1), in(Duration.ofSeconds(5)));
        settled.result.cancel(false);
        dispatcher.handBack(List.of(PendingSend.linkPing(bytes(9), "ping"), settled));
        assertEquals(0, dispatcher.waiting());
    }

    @Test
    void memoryIsBoundedByCountAndBytes() throws Exception {
        FakeOutlet a = new FakeOutlet("a", false);
        SendDispatcher byCount = new SendDispatcher(List.of(a), clock, scheduler, 2, 1 << 20);
        byCount.submit(bytes(1), in(Duration.ofMinutes(1)));
        CompletableFuture<Void> second = byCount.submit(bytes(2), in(Duration.ofMinutes(1)));
        Throwable full = failure(byCount.submit(bytes(3), in(Duration.ofMinutes(1))));
        assertEquals("2 envelopes (2 bytes) already wait for a relay", full.getMessage());
        second.cancel(false); // a settled one frees its place
        assertFalse(byCount.submit(bytes(4), in(Duration.ofMinutes(1))).isDone());

        SendDispatcher byBytes = new SendDispatcher(List.of(a), clock, scheduler, 100, 10);
        byBytes.submit(new byte[8], in(Duration.ofMinutes(1)));
        assertInstanceOf(
                RelayUnavailableException.class, failure(byBytes.submit(new byte[3], in(Duration.ofMinutes(1)))));
        assertFalse(byBytes.submit(new byte[2], in(Duration.ofMinutes(1))).isDone());
    }

    @Test
    void closeFailsWhatWaitsAndWhatComesBackAndWhatComesLater() throws Exception {
        FakeOutlet a = new FakeOutlet("a", true);
        FakeOutlet b = new FakeOutlet("b", false);
        SendDispatcher dispatcher = new SendDispatcher(List.of(a, b), clock, scheduler, 100, 1 << 20);
        CompletableFuture<Void> onA = dispatcher.submit(bytes(1), in(Duration.ofMinutes(1)));
        a.up = false;
        CompletableFuture<Void> waiting = dispatcher.submit(bytes(2), in(Duration.ofMinutes(1)));
        dispatcher.close();
        assertEquals("the relay links are closed", failure(waiting).getMessage());
        dispatcher.handBack(a.takeAll());
        assertEquals("the relay links are closed", failure(onA).getMessage());
        assertEquals(
                "the relay links are closed",
                failure(dispatcher.submit(bytes(3), in(Duration.ofMinutes(1)))).getMessage());
    }
}
