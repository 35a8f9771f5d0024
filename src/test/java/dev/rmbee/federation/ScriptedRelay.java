package dev.rmbee.federation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 standing in for another relay's federation ingress: it records
 * every request and answers with scripted statuses (in order, the last one for ever after). A
 * {@link #hold() held} relay answers nothing until the test {@link #release() releases} it, as a
 * relay that is slow beyond any timeout.
 */
public final class ScriptedRelay implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, byte[] body, int remotePort) {}

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ArrayDeque<Integer> script = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private int last;
    private CountDownLatch gate = new CountDownLatch(0);
    private int answered;

    private ScriptedRelay(int... statuses) throws IOException {
        for (int status : statuses) {
            script.add(status);
        }
        last = statuses.length == 0 ? 202 : statuses[statuses.length - 1];
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status;
            CountDownLatch held;
            synchronized (this) {
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        body,
                        exchange.getRemoteAddress().getPort()));
                status = script.isEmpty() ? last : script.poll();
                held = gate;
            }
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            synchronized (this) {
                answered++;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        handlers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "scripted-relay");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.start();
    }

    /** A relay answering {@code statuses} in order, then the last one (202 when none is given). */
    public static ScriptedRelay answering(int... statuses) throws IOException {
        return new ScriptedRelay(statuses);
    }

    /** A domain where nothing listens: connections are refused. */
    public static String refusingDomain() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String domain() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on every request is answered with {@code status}. */
    public synchronized void answer(int status) {
        script.clear();
        last = status;
    }

    /** From now on requests get no answer until {@link #release()}. */
    public synchronized void hold() {
        if (gate.getCount() == 0) {
            gate = new CountDownLatch(1);
        }
    }

    /** Answers the requests held, and answers at once again. */
    public synchronized void release() {
        gate.countDown();
    }

    /** Requests answered so far (held ones are not). */
    public synchronized int answered() {
        return answered;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized int requests() {
        return received.size();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
