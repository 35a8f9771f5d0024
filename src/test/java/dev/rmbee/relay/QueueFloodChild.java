package dev.rmbee.relay;

import dev.rmbee.federation.EmbeddedFederationQueue;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The relay core (router, session registry, embedded session queues and delivery, embedded
 * federation queue; no server) under a flood, in a JVM of its own that {@link QueueFloodIT} starts
 * with a small heap. A hostile twin that never reads sends large requests to offline twins, to
 * offline sessions of the victims, to a connected victim and to foreign twins (whose federation
 * queue is never drained), while two victim twins exchange small requests. Exits 0 when each
 * victim received every request of the other and no error; 1 otherwise; an
 * {@code OutOfMemoryError} ends the JVM (the IT passes {@code -XX:+ExitOnOutOfMemoryError}).
 *
 * <p>Arguments: {@code budget} (the production default: a quarter of the heap) or {@code
 * unlimited}; the number of flood envelopes.
 */
public final class QueueFloodChild {

    static final String DELIVERED = "victims: every message delivered";
    static final int HOSTILE = 10;
    static final SessionKey ALICE = SessionKey.of(1);
    static final SessionKey BOB = SessionKey.of(2);
    private static final int FLOOD_PAYLOAD = (4 << 20) - 512;
    private static final int OFFLINE_TWINS = 40;
    private static final int FOREIGN_TWINS = 20;

    private QueueFloodChild() {}

    /** A victim's connection: reads everything at once and remembers what came from the other victim. */
    static final class Victim implements Connection {
        final SessionKey session;
        final SessionKey peer;
        final ExecutorService confirmations;
        final Set<String> fromPeer = ConcurrentHashMap.newKeySet();
        final AtomicInteger errors = new AtomicInteger();

        Victim(SessionKey session, SessionKey peer, ExecutorService confirmations) {
            this.session = session;
            this.peer = peer;
            this.confirmations = confirmations;
        }

        @Override
        public SessionKey session() {
            return session;
        }

        @Override
        public void send(byte[] envelope, Consumer<Throwable> done) {
            try {
                Envelope received = Envelope.parseFrom(envelope);
                if (received.hasError()) {
                    errors.incrementAndGet();
                    System.out.println(
                            session + " got an error: " + received.getError().getMessage());
                } else if (received.getSource().getTwin() == peer.twin()) {
                    fromPeer.add(received.getUid());
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
            confirmations.execute(() -> done.accept(null));
        }

        @Override
        public void close(int code, String reason) {}
    }

    /** The hostile twin's connection: never reads, so nothing sent to it is ever confirmed. */
    record Hostile(SessionKey session) implements Connection {
        @Override
        public void send(byte[] envelope, Consumer<Throwable> done) {}

        @Override
        public void close(int code, String reason) {}
    }

    public static void main(String[] args) throws Exception {
        boolean budgeted = args[0].equals("budget");
        int floodFrames = Integer.parseInt(args[1]);
        QueueBudget budget = budgeted
                ? new QueueBudget(QueueBudget.Limits.ofTotal(
                        QueueBudget.Limits.defaultTotal(Runtime.getRuntime().maxMemory())))
                : QueueBudget.unlimited();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        Clock clock = Clock.systemUTC();
        RelayCounters counters = new RelayCounters();
        LocalTwinRegistry twins = twins();
        SessionRegistry sessions = new SessionRegistry(100);
        EmbeddedSessionQueues queues = new EmbeddedSessionQueues(
                SessionQueues.DEFAULT_MAX_LENGTH, Duration.ofHours(1), clock, counters, budget);
        SessionDelivery delivery = new SessionDelivery(queues, executor, scheduler, clock, 32, counters);
        EmbeddedFederationQueue federationQueue =
                new EmbeddedFederationQueue(executor, scheduler, EmbeddedFederationQueue.DEFAULT_CAPACITY, budget);
        // never started: the federation queue only grows
        FederationGateway gateway = FederationGateway.builder()
                .queue(federationQueue)
                .registry(twins)
                .ranker(new RelayRanker(Duration.ofHours(1), clock))
                .client((domain, body) -> new CompletableFuture<>())
                .replies(queues)
                .clock(clock)
                .threads(executor, scheduler)
                .workers(1)
                .build();
        EnvelopeRouter router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                twins,
                Set.of("relay.one"),
                RateLimiter.unlimited(),
                gateway,
                clock,
                counters);
        Victim alice = new Victim(ALICE, BOB, executor);
        Victim bob = new Victim(BOB, ALICE, executor);
        Hostile hostile = new Hostile(SessionKey.of(HOSTILE));
        for (Connection connection : new Connection[] {alice, bob, hostile}) {
            sessions.register(connection);
            delivery.attach(connection);
        }

        byte[] payload = new byte[FLOOD_PAYLOAD];
        for (int i = 0; i < floodFrames; i++) {
            router.process(hostile, request(hostile.session(), floodTarget(i), payload, "flood-" + i));
            router.process(alice, request(ALICE, BOB, new byte[64], "a-" + i));
            router.process(bob, request(BOB, ALICE, new byte[64], "b-" + i));
        }
        try {
            Await.until(
                    "every victim message delivered",
                    () -> alice.fromPeer.size() >= floodFrames && bob.fromPeer.size() >= floodFrames,
                    Duration.ofSeconds(60));
        } catch (AssertionError notAll) {
            // reported below with the figures
        }
        System.out.println("flood: " + floodFrames + " envelopes of " + FLOOD_PAYLOAD + " bytes; queued "
                + budget.used() + " bytes; alice received " + alice.fromPeer.size() + ", bob "
                + bob.fromPeer.size() + "; errors to victims " + (alice.errors.get() + bob.errors.get()));
        boolean delivered = alice.fromPeer.size() == floodFrames
                && bob.fromPeer.size() == floodFrames
                && alice.errors.get() + bob.errors.get() == 0;
        if (delivered) {
            System.out.println(DELIVERED);
        }
        System.exit(delivered ? 0 : 1);
    }

    /** Offline twins (a new session each time), offline sessions of alice, bob himself, foreign twins. */
    private static SessionKey floodTarget(int i) {
        return switch (i % 4) {
            case 0 -> SessionKey.parse((100 + i % OFFLINE_TWINS) + ":s" + i);
            case 1 -> SessionKey.parse(ALICE.twin() + ":offline" + i);
            case 2 -> BOB;
            default -> SessionKey.of(200 + i % FOREIGN_TWINS);
        };
    }

    private static LocalTwinRegistry twins() {
        LocalTwinRegistry twins = new LocalTwinRegistry();
        for (int id : new int[] {ALICE.twin(), BOB.twin(), HOSTILE}) {
            twins.put(new Twin(id, new byte[32], Set.of("relay.one"), null));
        }
        for (int i = 0; i < OFFLINE_TWINS; i++) {
            twins.put(new Twin(100 + i, new byte[32], Set.of("relay.one"), null));
        }
        for (int i = 0; i < FOREIGN_TWINS; i++) {
            twins.put(new Twin(200 + i, new byte[32], Set.of("relay.far"), null));
        }
        return twins;
    }

    /** A fresh request (its own byte array, as a frame read from a socket would be). */
    private static byte[] request(SessionKey from, SessionKey to, byte[] payload, String uid) {
        return TestEnvelopes.request(from, to, "flood")
                .uid(uid)
                .payload(payload)
                .build()
                .toByteArray();
    }
}
