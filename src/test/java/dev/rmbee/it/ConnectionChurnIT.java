package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.MetricsScrape;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of WebSocket connections opened and closed against relay 2 leave nothing behind: its
 * session count, file descriptors and threads come back to where they were (within a tolerance for
 * pools that grow with concurrency; a leak per connection would be thousands).
 */
class ConnectionChurnIT {

    private static final int THREADS = 4;
    private static final int CYCLES = 2000;
    private static final int WARM_UP = 200;
    private static final int TOLERANCE = 40;
    private static final String APP = "mp_scope=application";

    /** What is counted, at one moment. */
    private record Usage(double sessions, long descriptors, long threads) {

        boolean within(Usage baseline) {
            return sessions <= baseline.sessions
                    && descriptors <= baseline.descriptors + TOLERANCE
                    && threads <= baseline.threads + TOLERANCE;
        }
    }

    @Test
    void connectCloseCyclesLeaveSessionsDescriptorsAndThreadsAsTheyWere() throws Exception {
        long pid = relayPid();
        churn(WARM_UP); // pools and caches reach their size at this concurrency
        Usage baseline = Await.value("relay 2 settled after the warm-up", () -> settled(pid));

        assertEquals(CYCLES, churn(CYCLES), "connections that got their pong");

        Usage after = Await.value(
                "relay 2 back to " + baseline,
                () -> {
                    Usage now = usage(pid);
                    return now.within(baseline) ? Optional.of(now) : Optional.empty();
                },
                Duration.ofSeconds(60));
        assertTrue(after.within(baseline), after + " against " + baseline);
    }

    /** {@code cycles} connect/close cycles on {@link #THREADS} threads; every tenth waits for a pong first. */
    private static int churn(int cycles) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int worker = t;
                workers.add(pool.submit(() -> cycles(worker, cycles / THREADS)));
            }
            int served = 0;
            for (Future<Integer> worker : workers) {
                served += worker.get(5, TimeUnit.MINUTES);
            }
            return served;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int cycles(int worker, int count) throws Exception {
        String run = Uids.next();
        int served = 0;
        for (int i = 0; i < count; i++) {
            // the same few sessions again and again (replacements) and new ones
            SessionKey session = new SessionKey(1 + worker, "churn-" + run + "-" + (i % 3 == 0 ? "same" : i));
            try (TwinSocket socket = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), session)) {
                if (i % 10 == 0) {
                    socket.send(TestTwins.ping(session, "churn-" + i));
                    Envelope pong = socket.nextEnvelope("the pong of cycle " + i);
                    assertEquals(Envelope.MessageCase.PONG, pong.getMessageCase());
                }
                served++;
            }
        }
        return served;
    }

    /** Usage once two readings a moment apart agree (nothing is still closing). */
    private static Optional<Usage> settled(long pid) throws IOException {
        Usage first = usage(pid);
        Usage second = usage(pid);
        return first.sessions() == second.sessions() ? Optional.of(second) : Optional.empty();
    }

    private static Usage usage(long pid) throws IOException {
        double sessions;
        try {
            sessions = MetricsScrape.of("127.0.0.1:" + EmbeddedRelayServer.PORT).value("relay_sessions", APP);
        } catch (Exception e) {
            throw new IOException("scraping relay 2's /metrics", e);
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        long descriptors;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            descriptors = fds.count();
        }
        long threads = Files.readAllLines(proc.resolve("status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToLong(line ->
                        Long.parseLong(line.substring("Threads:".length()).trim()))
                .findFirst()
                .orElseThrow();
        return new Usage(sessions, descriptors, threads);
    }

    /** Relay 2's process id, from the file Liberty's server script writes while it runs. */
    private static long relayPid() throws IOException {
        Path dir = EmbeddedRelayServer.directory();
        Path file = dir.getParent().resolve(".pid").resolve(dir.getFileName() + ".pid");
        return Long.parseLong(Files.readString(file).trim());
    }
}
