package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Options;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code blackhole} command, for the federation benchmark's row "federation, with a black-holed
 * relay": a relay that accepts TCP connections on 127.0.0.1:{@code --port}, reads what comes and
 * never answers (a connection ends when its client closes it), and a sender that keeps it busy:
 * one session of twin {@code --sender} on relay 1 ({@code --url}) sends {@code --rate} signed
 * requests per second to twin {@code --to}, whose only relay is the black hole ({@link
 * FederationTwins} {@code --black-hole-relay}), so that relay 1 always has a backlog for it. Runs
 * until killed; logs its counts every 10 s.
 */
final class BlackHole {

    private static final Duration REPORT = Duration.ofSeconds(10);

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();

    private BlackHole() {}

    static void run(Options options) throws Exception {
        int port = options.integer("port", 0);
        URI url = Options.loopback(options.string("url", null));
        int sender = options.integer("sender", 105);
        int to = options.integer("to", 301);
        double rate = options.decimal("rate", 100);
        BlackHole hole = new BlackHole();
        Thread listener = new Thread(() -> hole.listen(port), "black-hole");
        listener.setDaemon(true);
        listener.start();
        hole.send(url, new SessionKey(sender, "blackhole"), SessionKey.of(to), rate);
    }

    /** Accepts, reads and discards; closes a connection once its client did. */
    private void listen(int port) {
        try (Selector selector = Selector.open();
                ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            RelayLoad.LOG.log("blackhole: listening on 127.0.0.1:%d, answering nothing", port);
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            while (true) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel channel = server.accept();
                        if (channel != null) {
                            connections.incrementAndGet();
                            channel.configureBlocking(false);
                            channel.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        sink.clear();
                        if (((SocketChannel) key.channel()).read(sink) < 0) {
                            key.channel().close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            RelayLoad.LOG.log("blackhole: listener failed: %s", e);
            System.exit(1);
        }
    }

    /** Sends one envelope; false once the session is gone (the script ends this process, or relay 1 stops). */
    private boolean sent(WebSocket socket, byte[] envelope) {
        try {
            socket.sendBinary(ByteBuffer.wrap(envelope), true).join();
        } catch (CompletionException e) {
            RelayLoad.LOG.log("blackhole: stopped sending: %s", e.getCause());
            return false;
        }
        sent.incrementAndGet();
        return true;
    }

    /** Sends {@code rate} requests per second from {@code from} to {@code to} through relay 1, for ever. */
    private void send(URI url, SessionKey from, SessionKey to, double rate) throws InterruptedException {
        BenchTwins twins = new BenchTwins();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        WebSocket socket = client.newWebSocketBuilder()
                .buildAsync(URI.create(url + "?" + twins.token(from)), counting())
                .join();
        long intervalNanos = (long) (1e9 / rate);
        long next = System.nanoTime();
        long nextReport = next + REPORT.toNanos();
        for (long i = 0; ; i++) {
            long now = System.currentTimeMillis() / 1000;
            byte[] envelope = twins.request(from, to, "blackhole-" + i, 64, now).toByteArray();
            if (!sent(socket, envelope)) {
                return;
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (System.nanoTime() - nextReport > 0) {
                nextReport += REPORT.toNanos();
                RelayLoad.LOG.log(
                        "blackhole: %d requests sent to %s, %d connections held or ended, %d replies",
                        sent.get(), to, connections.get(), replies.get());
            }
        }
    }

    private WebSocket.Listener counting() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                if (last) {
                    replies.incrementAndGet(); // error replies, if the relay gives up on some
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                RelayLoad.LOG.log("blackhole: relay 1 closed the sender's session: %d %s", code, reason);
                System.exit(1);
                return null;
            }
        };
    }
}
