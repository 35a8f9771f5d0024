package dev.rmbee.redis.resp;

import dev.rmbee.retry.Backoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * One Redis node over one {@link RespConnection}, reconnected with backoff when it breaks: the
 * commands in flight then fail, and until the next connection is up (its {@code AUTH} answered)
 * new commands fail at once, so a caller never waits for a Redis that is not there. Connecting and
 * the handshake run on the node's own thread, never a caller's.
 */
public final class RespNode implements RespCommands {

    private static final Logger LOG = Logger.getLogger(RespNode.class.getName());

    private final RespAddress address;
    private final RespOptions options;
    private final ScheduledExecutorService connector;
    // guarded by this
    private final Backoff.Series backoff;
    private volatile RespConnection connection;
    private volatile Throwable lastFailure;
    private volatile boolean closed;

    private RespNode(RespAddress address, RespOptions options) {
        this.address = address;
        this.options = options;
        this.backoff =
                options.reconnect().series(() -> ThreadLocalRandom.current().nextDouble());
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rmb-resp-connect " + address.hostPort());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A node that connects now, on its own thread, and waits at most the connect timeout for it;
     * when Redis does not answer it keeps trying in the background.
     */
    public static RespNode connect(RespAddress address, RespOptions options) {
        RespNode node = new RespNode(address, options);
        try {
            node.connector
                    .submit(() -> {
                        node.connectOnce();
                        return null;
                    })
                    .get(2 * options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not up yet: the attempts go on in the background
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return node;
    }

    public RespAddress address() {
        return address;
    }

    /** True while a connection is up. */
    public boolean isConnected() {
        RespConnection current = connection;
        return current != null && !current.isBroken();
    }

    @Override
    public CompletableFuture<Object> send(String key, byte[]... command) {
        RespConnection current = connection;
        if (current == null) {
            return CompletableFuture.failedFuture(notConnected());
        }
        return current.send(command);
    }

    /** Sends the commands one right after the other on the current connection. */
    List<CompletableFuture<Object>> sendAll(byte[][]... commands) {
        RespConnection current = connection;
        if (current == null) {
            List<CompletableFuture<Object>> failed = new ArrayList<>(commands.length);
            for (int i = 0; i < commands.length; i++) {
                failed.add(CompletableFuture.failedFuture(notConnected()));
            }
            return failed;
        }
        return current.sendAll(commands);
    }

    private RespUnavailableException notConnected() {
        Throwable why = lastFailure;
        return new RespUnavailableException(
                "redis at " + address.hostPort() + " is not connected" + (why == null ? "" : ": " + why.getMessage()),
                why);
    }

    /** One attempt; schedules the next after a failure. */
    private void connectOnce() throws IOException {
        if (closed) {
            return;
        }
        RespConnection opened = null;
        try {
            opened = RespConnection.start(
                    RespSocket.open(address, options.connectTimeout()), options.maxUnsent(), this::broken);
            handshake(opened);
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            lastFailure = e;
            retryLater();
            throw e;
        }
        boolean wasDown = lastFailure != null;
        connection = opened;
        synchronized (this) {
            backoff.reset();
        }
        if (closed) {
            opened.close();
        } else if (wasDown) {
            LOG.fine(() -> "connected to redis at " + address.hostPort() + " again");
        }
    }

    /** {@code AUTH} when the address has a password; fails on a refusal or no answer in time. */
    private void handshake(RespConnection opened) throws IOException {
        if (address.password().isEmpty()) {
            return;
        }
        List<byte[]> auth = new ArrayList<>();
        auth.add(bytes("AUTH"));
        address.user().ifPresent(user -> auth.add(bytes(user)));
        auth.add(bytes(address.password().get()));
        try {
            opened.send(auth.toArray(byte[][]::new))
                    .get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(
                    "redis at " + address.hostPort() + " refused AUTH: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("redis at " + address.hostPort() + " did not answer AUTH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void broken(RespConnection broken, Throwable why) {
        if (connection != broken) {
            return;
        }
        connection = null;
        lastFailure = why;
        retryLater();
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoff.next().toMillis();
        }
        try {
            connector.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void attempt() {
        try {
            connectOnce();
        } catch (IOException | RuntimeException e) {
            LOG.finer(() -> "redis at " + address.hostPort() + " not reachable yet: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        RespConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
