package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Jcmd;
import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ResultFiles;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code idle} command ({@link RelayLoad}): the server's heap after a full GC before and after
 * opening {@code --sessions} relay sessions that then stay idle, and whether a sample of them still
 * gets its Pong.
 */
final class IdleSessions {
    private final int count;
    private final SessionKey[] sessions;
    private final WebSocket[] sockets;
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** The replies awaited by the Ping sample, by session index. */
    private final Map<Integer, CompletableFuture<byte[]>> replies = new ConcurrentHashMap<>();

    private IdleSessions(int count) {
        this.count = count;
        this.sessions = new SessionKey[count];
        this.sockets = new WebSocket[count];
    }

    static void run(Options options) throws Exception {
        URI url = Options.loopback(options.string("url", null));
        int count = options.integer("sessions", 10_000);
        long pid = options.integer("server-pid", 0);
        Path out = Path.of(options.string("out", null));
        if (pid <= 0) {
            throw new IllegalArgumentException("idle needs --server-pid");
        }
        RelayLoad.LOG.log("idle: heap of server %d before", pid);
        long before = Jcmd.heapAfterGc(pid);
        RelayLoad.LOG.log("idle: %d KiB used after a full GC; signing %d tokens", before, count);
        IdleSessions idle = new IdleSessions(count);
        double openSeconds = idle.open(url, new BenchTwins(), options.integer("concurrency", 32));
        RelayLoad.LOG.log(
                "idle: %d sessions opened in %.1f s (%d failed); waiting 5 s",
                count - idle.failed.get(), openSeconds, idle.failed.get());
        Thread.sleep(5000);
        long after = Jcmd.heapAfterGc(pid);
        RelayLoad.LOG.log("idle: %d KiB used after a full GC with the sessions open", after);
        String histogram = options.string("histogram", "");
        if (!histogram.isEmpty()) {
            Files.writeString(Path.of(histogram), Jcmd.run(pid, "GC.class_histogram"));
            RelayLoad.LOG.log("idle: the server's class histogram is in %s", histogram);
        }
        int sample = Math.min(100, count);
        int answered = idle.pingSample(sample);
        long hold = options.integer("hold", 0);
        if (hold > 0) {
            RelayLoad.LOG.log("idle: holding the sessions open for %d s (for a look at the server)", hold);
            Thread.sleep(hold * 1000);
        }
        int closedByServer = idle.closed.get();
        RelayLoad.LOG.log(
                "idle: %d of %d sampled sessions answered; %d closed by the server", answered, sample, closedByServer);
        idle.abort();
        Properties result = new Properties();
        result.setProperty("sessions", Integer.toString(count));
        result.setProperty("opened", Integer.toString(count - idle.failed.get()));
        result.setProperty("open.seconds", String.format(Locale.ROOT, "%.1f", openSeconds));
        result.setProperty("heap.before.kib", Long.toString(before));
        result.setProperty("heap.after.kib", Long.toString(after));
        result.setProperty("heap.max", options.string("heap-max", "512m"));
        result.setProperty("pings.sampled", Integer.toString(sample));
        result.setProperty("pings.answered", Integer.toString(answered));
        result.setProperty("closed.by.server", Integer.toString(closedByServer));
        ResultFiles.store(result, out, "RelayLoad");
    }

    /** Opens the sessions, at most {@code concurrency} handshakes at a time; the seconds it took. */
    private double open(URI url, BenchTwins twins, int concurrency) throws InterruptedException {
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] tokens = new String[count];
        for (int i = 0; i < count; i++) {
            sessions[i] = new SessionKey(1 + i % 5, "idle-" + run + "-" + i);
            tokens[i] = twins.token(sessions[i]);
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        Semaphore slots = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = i;
            slots.acquire();
            client.newWebSocketBuilder()
                    .buildAsync(URI.create(url + "?" + tokens[i]), listener(index))
                    .whenComplete((socket, error) -> {
                        slots.release();
                        if (error != null) {
                            failed.incrementAndGet();
                        } else {
                            sockets[index] = socket;
                        }
                    });
        }
        slots.acquire(concurrency);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** An idle session's listener: counts closes, and hands a reply to the Ping awaiting one. */
    private WebSocket.Listener listener(int index) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                CompletableFuture<byte[]> reply = replies.get(index);
                if (reply != null) {
                    reply.complete(bytes);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.incrementAndGet();
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                closed.incrementAndGet();
            }
        };
    }

    /** How many of {@code sample} sessions, spread over all, answer an envelope Ping with its Pong. */
    private int pingSample(int sample) {
        int answered = 0;
        for (int k = 0; k < sample; k++) {
            int index = (int) ((long) k * count / sample);
            if (sockets[index] == null) {
                continue;
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            replies.put(index, reply);
            sockets[index]
                    .sendBinary(
                            ByteBuffer.wrap(
                                    TestTwins.ping(sessions[index], "idle-" + k).toByteArray()),
                            true)
                    .join();
            try {
                Envelope pong = Envelope.parseFrom(reply.get(5, TimeUnit.SECONDS));
                if (pong.getUid().equals("idle-" + k)) {
                    answered++;
                }
            } catch (Exception e) {
                RelayLoad.LOG.log("idle: no pong on session %s: %s", sessions[index], e);
            }
        }
        return answered;
    }

    private void abort() {
        for (WebSocket socket : sockets) {
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
