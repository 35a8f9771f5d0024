package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Options;
import dev.rmbee.testing.RedisConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local programs on both sides: {@link Client}s on the requester's database, {@link EchoService}s
 * on the responder's, each a thread of its own with its own Redis connections; and what they
 * counted.
 */
final class LocalPrograms {
    final String run;
    final int redisPort;
    final int requesterDb;
    final int responderDb;
    final int payloadSize;
    final Client[] clients;
    final int serviceCount;
    final List<Thread> threads = new ArrayList<>();
    final List<RedisConnection> connections = new ArrayList<>();
    /** Responses that answer no outstanding request of their client, or not with its echo. */
    final AtomicLong mismatched = new AtomicLong();

    final AtomicLong errors = new AtomicLong();
    /** Requests the echo services answered. */
    final AtomicLong served = new AtomicLong();

    volatile Phase phase;
    volatile boolean stopping;

    LocalPrograms(
            String run, int redisPort, int requesterDb, int responderDb, int clients, int services, int payloadSize) {
        this.run = run;
        this.redisPort = redisPort;
        this.requesterDb = requesterDb;
        this.responderDb = responderDb;
        this.payloadSize = payloadSize;
        this.clients = new Client[clients];
        this.serviceCount = services;
        for (int i = 0; i < clients; i++) {
            this.clients[i] = new Client(this, i);
        }
    }

    /** As {@code run}'s options set them up, with a fresh run id (the clients' {@code ret} lists and refs). */
    static LocalPrograms of(Options options) {
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        return new LocalPrograms(
                run,
                options.integer("redis-port", 0),
                options.integer("requester-db", 1),
                options.integer("responder-db", 2),
                options.integer("clients", 8),
                options.integer("services", 4),
                options.integer("payload", 1024));
    }

    void start() throws IOException {
        for (Client client : clients) {
            client.out = connect(requesterDb);
            client.in = connect(requesterDb);
            thread("client-" + client.index + "-send", client::sendLoop);
            thread("client-" + client.index + "-receive", client::receiveLoop);
        }
        for (int s = 0; s < serviceCount; s++) {
            RedisConnection connection = connect(responderDb);
            thread("service-" + s, () -> EchoService.serve(this, connection));
        }
    }

    private RedisConnection connect(int database) throws IOException {
        RedisConnection connection = new RedisConnection(redisPort, database);
        connections.add(connection);
        return connection;
    }

    @FunctionalInterface
    interface IoLoop {
        void run() throws IOException;
    }

    private void thread(String name, IoLoop loop) {
        Thread thread = new Thread(
                () -> {
                    try {
                        loop.run();
                    } catch (IOException | RuntimeException e) {
                        if (!stopping) {
                            PeerLoad.LOG.log(
                                    "%s failed: %s", Thread.currentThread().getName(), e);
                        }
                    }
                },
                name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Starts {@code next}: the clients send what it grants them. */
    void begin(Phase next) {
        for (Client client : clients) {
            next.base[client.index] = client.sentCount.get();
        }
        phase = next;
    }

    /** Stops the phase's sending and waits (up to 30 s) until every request sent was answered. */
    void drain(String name, Phase current) throws InterruptedException {
        current.stopped = true;
        for (Client client : clients) {
            synchronized (client) {
                // a sender between taking a credit and counting its request finishes first
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (answered() >= sent()) {
                return;
            }
            Thread.sleep(20);
        }
        PeerLoad.LOG.log("%s: WARNING %d requests unanswered 30 s after the phase ended", name, sent() - answered());
    }

    long sent() {
        return Arrays.stream(clients)
                .mapToLong(client -> client.sentCount.get())
                .sum();
    }

    long answered() {
        return Arrays.stream(clients).mapToLong(client -> client.answered.get()).sum();
    }

    void stop() throws InterruptedException {
        stopping = true;
        Phase current = phase;
        if (current != null) {
            current.stopped = true;
        }
        for (Thread thread : threads) {
            thread.join(3000);
        }
        connections.forEach(RedisConnection::close);
    }

    /** The checks over all phases: requests sent, lost (never answered), mismatched, errors; logged too. */
    void storeChecks(String name, Properties result) {
        long sent = sent();
        long lost = sent - answered();
        result.setProperty("sent", Long.toString(sent));
        result.setProperty("lost", Long.toString(lost));
        result.setProperty("mismatched", Long.toString(mismatched.get()));
        result.setProperty("errors", Long.toString(errors.get()));
        result.setProperty("served", Long.toString(served.get()));
        PeerLoad.LOG.log(
                "%s: %d requests sent, %d lost, %d mismatched, %d errors (%d served by the echo services)",
                name, sent, lost, mismatched.get(), errors.get(), served.get());
    }
}
