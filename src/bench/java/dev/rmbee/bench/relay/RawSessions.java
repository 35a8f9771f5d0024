package dev.rmbee.bench.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many {@link RawSocket}s on one selector thread: connects them, reads and writes for them, and
 * runs other threads' work for them ({@link #execute}) on that thread, so a socket is only ever
 * touched by it. One thread for ten thousand idle sessions: the client's cost per connection stays
 * a few syscalls and a handshake's bytes.
 */
final class RawSessions implements AutoCloseable {

    private final InetSocketAddress server;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    RawSessions(InetSocketAddress server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "raw-sessions");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Runs {@code task} on the selector thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Starts connecting {@code socket}; its events follow on the selector thread. */
    void connect(RawSocket socket) {
        execute(() -> {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, socket);
                if (channel.connect(server)) {
                    finishConnect(key, socket);
                }
            } catch (IOException e) {
                socket.close("connect failed: " + e);
            }
        });
    }

    /** Sends a binary message on {@code socket} from any thread. */
    void sendBinary(RawSocket socket, byte[] message) {
        execute(() -> {
            try {
                socket.sendBinary(message);
            } catch (IOException e) {
                socket.close("send failed: " + e);
            }
        });
    }

    private void loop() {
        while (running) {
            try {
                selector.select();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                ready(key, (RawSocket) key.attachment());
            }
            selector.selectedKeys().clear();
        }
    }

    private void ready(SelectionKey key, RawSocket socket) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                ((SocketChannel) key.channel()).finishConnect();
                finishConnect(key, socket);
                return;
            }
            if (key.isWritable()) {
                socket.flush();
            }
            if (key.isValid() && key.isReadable()) {
                socket.read();
            }
        } catch (IOException e) {
            socket.close(e.toString());
        }
    }

    private static void finishConnect(SelectionKey key, RawSocket socket) throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        socket.connected(key);
    }

    /** Stops the thread and closes every socket still open (an abort: no Close frames). */
    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
