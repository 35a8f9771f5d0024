package dev.rmbee.redis.resp;

import dev.rmbee.retry.Backoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Redis node over one {@link RespConnection}, reconnected with backoff when it breaks: the
 * commands in flight then fail. A command sent while there is no connection waits (in order,
 * within the bound of unsent commands) for the next connection attempt, which it brings forward:
 * it goes out as soon as the connection is up (its {@code AUTH} answered), or fails when the attempt
 * fails, so a caller learns within one attempt that Redis is away and never waits on its thread.
 * Connecting and the handshake run on the node's own thread; another looks periodically for
 * commands unanswered (or held) for the command timeout, which fail with a {@code
 * TimeoutException} ({@link PendingReplies}, {@link HeldCommands}): one check per node, no timer
 * per command.
 */
public final class RespNode implements RespCommands {

    private static final Logger LOG = Logger.getLogger(RespNode.class.getName());

    private final RespAddress address;
    private final RespOptions options;
    private final ScheduledExecutorService connector;
    private final Object lock = new Object();
    // guarded by lock
    private final Backoff.Series backoff;
    private final HeldCommands held = new HeldCommands(System::nanoTime);
    private ScheduledFuture<?> nextAttempt;
    private long lastAttemptNanos;
    // written under lock
    private volatile RespConnection connection;
    private volatile Throwable lastFailure;
    private volatile boolean closed;

    private RespNode(RespAddress address, RespOptions options) {
        this.address = address;
        this.options = options;
        this.backoff =
                options.reconnect().series(() -> ThreadLocalRandom.current().nextDouble());
        // two threads: the check for overdue commands goes on while an attempt waits for Redis
        this.connector = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "rmb-resp-connect " + address.hostPort());
            thread.setDaemon(true);
            return thread;
        });
        long period = options.checkPeriod().toMillis();
        connector.scheduleAtFixedRate(this::expireOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A node that connects now, on its own thread, and waits at most twice the connect timeout for
     * it; when Redis does not answer it keeps trying in the background.
     */
    public static RespNode connect(RespAddress address, RespOptions options) {
        RespNode node = new RespNode(address, options);
        try {
            node.connector
                    .submit(node::attempt)
                    .get(2 * options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not up yet: the attempts go on in the background
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return node;
    }

    /**
     * A node that connects in the background, at once: commands sent meanwhile wait for that
     * attempt. Never blocks (what a cluster uses for the nodes it learns of from a reply).
     */
    public static RespNode start(RespAddress address, RespOptions options) {
        RespNode node = new RespNode(address, options);
        synchronized (node.lock) {
            node.scheduleAttempt(0);
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
        return sendAll(new byte[][][] {command}).get(0);
    }

    @Override
    public RespSubscriber subscribe(
            List<String> channels,
            BiConsumer<String, byte[]> listener,
            Runnable onSubscribed,
            Consumer<Throwable> onLost) {
        return RespSubscriber.start(List.of(address), options, channels, listener, onSubscribed, onLost);
    }

    /** Sends the commands one right after the other on one connection. */
    List<CompletableFuture<Object>> sendAll(byte[][]... commands) {
        RespConnection current = connection;
        if (current == null) {
            synchronized (lock) {
                current = connection;
                if (current == null) {
                    return hold(commands);
                }
            }
        }
        return current.sendAll(commands);
    }

    /** Under lock, without a connection: the commands wait for the next attempt, brought forward. */
    private List<CompletableFuture<Object>> hold(byte[][][] commands) {
        if (closed || held.size() >= options.maxUnsent()) {
            return HeldCommands.failed(commands.length, notConnected());
        }
        List<CompletableFuture<Object>> replies = held.add(commands);
        long sinceLast = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAttemptNanos);
        scheduleAttempt(Math.max(0, options.reconnect().ceiling(1).toMillis() - sinceLast));
        return replies;
    }

    private RespUnavailableException notConnected() {
        Throwable why = lastFailure;
        return new RespUnavailableException(
                "redis at " + address.hostPort() + " is not connected" + (why == null ? "" : ": " + why.getMessage()),
                why);
    }

    /** One connection attempt, on the connector's thread; a failed one fails the held commands. */
    private void attempt() {
        if (closed || connection != null) {
            return;
        }
        RespConnection opened = null;
        try {
            opened = RespConnection.start(
                    RespSocket.open(address, options.connectTimeout()), options.maxUnsent(), this::broken);
            handshake(opened);
            connected(opened);
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            failed(e);
        }
    }

    private void connected(RespConnection opened) {
        boolean wasDown = lastFailure != null;
        synchronized (lock) {
            lastAttemptNanos = System.nanoTime();
            backoff.reset();
            held.sendOn(opened);
            connection = opened;
        }
        if (closed) {
            opened.close();
        } else if (wasDown) {
            LOG.fine(() -> "connected to redis at " + address.hostPort() + " again");
        }
    }

    private void failed(Throwable why) {
        lastFailure = why;
        List<CompletableFuture<Object>> failing;
        synchronized (lock) {
            lastAttemptNanos = System.nanoTime();
            failing = held.takeAll();
            scheduleAttempt(backoff.next().toMillis());
        }
        RespUnavailableException failure = notConnected();
        failing.forEach(reply -> reply.completeExceptionally(failure));
        LOG.finer(() -> "redis at " + address.hostPort() + " not reachable: " + why.getMessage());
    }

    /** {@code AUTH} with a password, {@code SELECT} of a database other than 0; fails on a refusal or timeout. */
    private void handshake(RespConnection opened) throws IOException {
        if (address.password().isPresent()) {
            List<byte[]> auth = new ArrayList<>();
            auth.add(bytes("AUTH"));
            address.user().ifPresent(user -> auth.add(bytes(user)));
            auth.add(bytes(address.password().get()));
            await(opened, "AUTH", auth.toArray(byte[][]::new));
        }
        if (options.database() != 0) {
            await(opened, "SELECT", bytes("SELECT"), bytes(Integer.toString(options.database())));
        }
    }

    private void await(RespConnection opened, String name, byte[]... command) throws IOException {
        try {
            opened.send(command).get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(
                    "redis at " + address.hostPort() + " refused " + name + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("redis at " + address.hostPort() + " did not answer " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The periodic check: the commands unanswered or held for the command timeout fail with a
     * {@link TimeoutException}, as {@code orTimeout} would fail them (held ones are not sent then).
     */
    private void expireOverdue() {
        long timeout = options.commandTimeout().toNanos();
        try {
            RespConnection current = connection;
            if (current != null) {
                current.expire(timeout);
            }
            List<CompletableFuture<Object>> overdue;
            synchronized (lock) {
                overdue = held.takeOverdue(timeout);
            }
            overdue.forEach(reply -> reply.completeExceptionally(new TimeoutException()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "checking the commands to redis at " + address.hostPort() + " failed", e);
        }
    }

    private void broken(RespConnection broken, Throwable why) {
        synchronized (lock) {
            if (connection != broken) {
                return;
            }
            connection = null;
            lastFailure = why;
            scheduleAttempt(backoff.next().toMillis());
        }
    }

    /** Under lock: the next attempt in {@code delayMillis} at the latest. */
    private void scheduleAttempt(long delayMillis) {
        if (closed) {
            return;
        }
        if (nextAttempt != null && !nextAttempt.isDone()) {
            if (nextAttempt.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
                return; // sooner, or running now
            }
            nextAttempt.cancel(false);
        }
        try {
            nextAttempt = connector.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        RespConnection current;
        List<CompletableFuture<Object>> failing;
        synchronized (lock) {
            current = connection;
            connection = null;
            failing = held.takeAll();
        }
        if (current != null) {
            current.close();
        }
        RespUnavailableException failure = new RespUnavailableException("redis client closed", null);
        failing.forEach(reply -> reply.completeExceptionally(failure));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
