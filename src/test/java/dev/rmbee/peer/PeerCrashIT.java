package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.Vectors;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A peer killed with SIGKILL under load loses nothing and executes nothing twice. Alice's peer (in
 * this JVM) sends requests to Bob's peer, which runs in a child JVM; a service on Bob's Redis
 * answers them; a relay that delivers at least once ({@link RedeliveringRelay}) joins them. Bob's
 * peer is killed while requests and responses are on their way and a new one starts on the same
 * Redis: every request gets exactly one response, and the service sees each request once.
 */
class PeerCrashIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int REQUESTS = 400;
    private static final String RET = "ret-crash";

    @Test
    void aPeerKilledUnderLoadLosesNothingAndExecutesNothingTwice() throws Exception {
        List<Process> bobs = new ArrayList<>();
        List<CrashTestPeer> closing = new ArrayList<>();
        RedissonClient aliceRedis = TestRedisson.connect(REDIS.address(), ALICE, 4);
        try (RedeliveringRelay relay = new RedeliveringRelay();
                EchoService service = new EchoService(REDIS.address(), BOB)) {
            closing.add(CrashTestPeer.start(REDIS.address(), ALICE, ALICE, relay.url()));
            bobs.add(startBob(relay, 1));
            for (int i = 0; i < REQUESTS; i++) {
                aliceRedis
                        .<String>getDeque(LocalKeys.SYSTEM_LOCAL, StringCodec.INSTANCE)
                        .addFirst(PeerTestBase.request("job-" + i, "test.echo", 300, "e30=", "[2]", RET, 0));
            }
            Await.until("a quarter of the requests executed", () -> service.executions() >= REQUESTS / 4);
            bobs.get(0).destroyForcibly(); // SIGKILL
            assertTrue(bobs.get(0).waitFor(30, TimeUnit.SECONDS), "bob's first peer is gone");
            int executedAtKill = service.executions();
            bobs.add(startBob(relay, 2));

            Map<String, Integer> responses = new TreeMap<>();
            while (responses.size() < REQUESTS) {
                count(responses, next(aliceRedis));
            }
            // a last request behind everything the relay or Bob's taken lists could still repeat
            aliceRedis
                    .<String>getDeque(LocalKeys.SYSTEM_LOCAL, StringCodec.INSTANCE)
                    .addFirst(PeerTestBase.request("marker", "test.echo", 300, "e30=", "[2]", RET, 0));
            while (!responses.containsKey("marker")) {
                count(responses, next(aliceRedis));
            }

            assertTrue(executedAtKill < REQUESTS, "killed mid-traffic: " + executedAtKill + " executed by then");
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(1, responses.get("job-" + i), "responses to job-" + i);
            }
            assertEquals(REQUESTS + 1, responses.size(), "nothing else came: " + responses.keySet());
            assertEquals(
                    Map.of(),
                    service.repeated(),
                    "requests the service was given more than once (" + relay.redelivered.get()
                            + " envelopes delivered again)");
            assertEquals(REQUESTS + 1, service.executions());
        } finally {
            closing.forEach(CrashTestPeer::close);
            bobs.forEach(Process::destroyForcibly);
            aliceRedis.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    private static void count(Map<String, Integer> responses, IncomingResponse response) {
        responses.merge(response.reference(), 1, Integer::sum);
    }

    private static IncomingResponse next(RedissonClient redis) throws Exception {
        String json = redis.<String>getBlockingDeque(RET, StringCodec.INSTANCE).pollLast(30, TimeUnit.SECONDS);
        if (json == null) {
            throw new AssertionError("no response within 30 s");
        }
        return IncomingResponse.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Bob's peer in a child JVM, once it says it started; its log goes to target/. */
    private static Process startBob(RedeliveringRelay relay, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-D" + Vectors.DIR_PROPERTY + "=" + Vectors.dir(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashTestPeer.class.getName(),
                        REDIS.address(),
                        Integer.toString(BOB),
                        Integer.toString(BOB),
                        relay.url())
                .redirectError(new File("target/peer-crash-bob-" + run + ".log"));
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(CrashTestPeer.STARTED)) {
                return process;
            }
        }
        throw new AssertionError("bob's peer ended before it started: see target/peer-crash-bob-" + run + ".log");
    }

    /** A local service of Bob: pops msgbus.test.echo, counts each request by uid, answers it. */
    private static final class EchoService implements AutoCloseable {
        private final RedissonClient redis;
        private final Map<String, Integer> executed = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        EchoService(String address, int database) {
            redis = TestRedisson.connect(address, database, 4);
            thread = new Thread(this::serve, "crash-test-echo");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (running.get()) {
                try {
                    String json = redis.<String>getBlockingDeque("msgbus.test.echo", StringCodec.INSTANCE)
                            .pollLast(1, TimeUnit.SECONDS);
                    if (json == null) {
                        continue;
                    }
                    IncomingRequest request = IncomingRequest.parse(json.getBytes(StandardCharsets.UTF_8));
                    executed.merge(request.reference(), 1, Integer::sum);
                    redis.<String>getDeque(LocalKeys.SYSTEM_REPLY, StringCodec.INSTANCE)
                            .addFirst(PeerTestBase.answer(json, "e30="));
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (running.get()) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        int executions() {
            return executed.values().stream().mapToInt(Integer::intValue).sum();
        }

        Map<String, Integer> repeated() {
            Map<String, Integer> repeated = new TreeMap<>();
            executed.forEach((uid, times) -> {
                if (times > 1) {
                    repeated.put(uid, times);
                }
            });
            return repeated;
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            redis.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }
}
