package dev.rmbee.redis.resp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * One open connection to a Redis node and its two threads: a writer that drains the commands
 * callers enqueued into one write per wake-up, and a reader that decodes the replies and
 * completes the commands' futures in the order they were written. Once broken (an I/O error, a
 * protocol error, {@link #close}) it stays broken: every command in flight or unsent fails with a
 * {@link RespUnavailableException}, and the owner is told once.
 */
final class RespConnection {

    private static final int READ_CHUNK = 64 * 1024;
    private static final int KEPT_WRITE_BUFFER = 1024 * 1024;

    private final RespSocket socket;
    private final int maxUnsent;
    private final BiConsumer<RespConnection, Throwable> onBroken;
    private final Object lock = new Object();
    // guarded by lock: commands encoded and not written yet, and whether the writer sleeps
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private boolean writerWaiting;
    private Throwable broken;
    // added under lock in write order, taken by the reader alone
    private final PendingReplies inFlight = new PendingReplies(System::nanoTime);

    private RespConnection(RespSocket socket, int maxUnsent, BiConsumer<RespConnection, Throwable> onBroken) {
        this.socket = socket;
        this.maxUnsent = maxUnsent;
        this.onBroken = onBroken;
    }

    /** Starts the threads of a connected socket; {@code onBroken} hears once when it breaks. */
    static RespConnection start(RespSocket socket, int maxUnsent, BiConsumer<RespConnection, Throwable> onBroken) {
        RespConnection connection = new RespConnection(socket, maxUnsent, onBroken);
        connection.thread("writer", connection::writeLoop);
        connection.thread("reader", connection::readLoop);
        return connection;
    }

    private void thread(String role, Runnable loop) {
        Thread thread = new Thread(loop, "rmb-resp-" + role + " " + socket.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Enqueues one command; its future completes with the reply. */
    CompletableFuture<Object> send(byte[]... command) {
        return sendAll(new byte[][][] {command}).get(0);
    }

    /** Enqueues commands that are written one right after the other (e.g. ASKING and a command). */
    List<CompletableFuture<Object>> sendAll(byte[][]... commands) {
        List<CompletableFuture<Object>> replies = new ArrayList<>(commands.length);
        byte[][] encoded = new byte[commands.length][];
        for (int i = 0; i < commands.length; i++) {
            replies.add(new CompletableFuture<>());
            encoded[i] = RespEncoder.encode(commands[i]);
        }
        Throwable refused;
        synchronized (lock) {
            refused = broken != null
                    ? new RespUnavailableException("redis at " + socket.name() + " is not connected", broken)
                    : unsent.size() + commands.length > maxUnsent
                            ? new RespUnavailableException(
                                    "redis at " + socket.name() + " is not keeping up: " + unsent.size()
                                            + " commands wait to be written",
                                    null)
                            : null;
            if (refused == null) {
                for (int i = 0; i < commands.length; i++) {
                    inFlight.add(replies.get(i));
                    unsent.add(encoded[i]);
                }
                if (writerWaiting) {
                    lock.notifyAll();
                }
            }
        }
        if (refused != null) {
            for (CompletableFuture<Object> reply : replies) {
                reply.completeExceptionally(refused);
            }
        }
        return replies;
    }

    /** True once broken or closed. */
    boolean isBroken() {
        synchronized (lock) {
            return broken != null;
        }
    }

    /**
     * Fails the commands unanswered for {@code timeoutNanos} or longer with a {@code
     * TimeoutException} ({@link PendingReplies#expire}); the connection stays up.
     */
    void expire(long timeoutNanos) {
        inFlight.expire(timeoutNanos);
    }

    /** Closes the socket: what is in flight fails. */
    void close() {
        fail(new IOException("connection to redis at " + socket.name() + " closed"));
    }

    private void writeLoop() {
        byte[] batch = new byte[64 * 1024];
        try {
            while (true) {
                int length = 0;
                synchronized (lock) {
                    while (unsent.isEmpty() && broken == null) {
                        writerWaiting = true;
                        lock.wait();
                    }
                    writerWaiting = false;
                    if (broken != null) {
                        return;
                    }
                    for (byte[] command; (command = unsent.poll()) != null; ) {
                        if (length + command.length > batch.length) {
                            batch = Arrays.copyOf(batch, Math.max(batch.length * 2, length + command.length));
                        }
                        System.arraycopy(command, 0, batch, length, command.length);
                        length += command.length;
                    }
                }
                OutputStream out = socket.output();
                out.write(batch, 0, length);
                out.flush();
                if (batch.length > KEPT_WRITE_BUFFER) {
                    batch = new byte[64 * 1024];
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new IOException("writer interrupted", e));
        }
    }

    private void readLoop() {
        RespDecoder decoder = new RespDecoder();
        byte[] chunk = new byte[READ_CHUNK];
        try {
            InputStream in = socket.input();
            while (true) {
                int read = in.read(chunk);
                if (read < 0) {
                    throw new IOException("redis at " + socket.name() + " closed the connection");
                }
                decoder.feed(chunk, 0, read);
                for (Object reply; (reply = decoder.next()) != RespDecoder.INCOMPLETE; ) {
                    complete(reply);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void complete(Object reply) throws IOException {
        CompletableFuture<Object> command = inFlight.poll();
        if (command == null) {
            throw new IOException("redis protocol error: a reply to no command");
        }
        if (reply instanceof RespError error) {
            command.completeExceptionally(error);
        } else {
            command.complete(reply);
        }
    }

    private void fail(Throwable why) {
        synchronized (lock) {
            if (broken != null) {
                return;
            }
            broken = why;
            unsent.clear();
            lock.notifyAll();
        }
        socket.close();
        RespUnavailableException failure = new RespUnavailableException(
                "connection to redis at " + socket.name() + " lost with the command in flight: " + why.getMessage(),
                why);
        inFlight.failAll(failure);
        onBroken.accept(this, why);
    }
}
