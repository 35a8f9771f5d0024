package dev.rmbee.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The commands a redis-server executes, as {@code MONITOR} reports them: one line each, such as
 * {@code 1700000000.123456 [0 127.0.0.1:5000] "XADD" "stream:12" ...}.
 */
public final class RedisMonitor implements AutoCloseable {

    /** How long {@link #next} waits for a command: a bound on a hang on a loaded machine. */
    private static final Duration WAIT = Await.DEFAULT_TIMEOUT;

    private final Socket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public RedisMonitor(int port) throws IOException, InterruptedException {
        socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        CountDownLatch monitoring = new CountDownLatch(1);
        Thread thread = new Thread(
                () -> {
                    try {
                        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                            if (line.equals("+OK")) {
                                monitoring.countDown();
                            } else if (line.startsWith("+")) {
                                lines.add(line.substring(1));
                            }
                        }
                    } catch (IOException e) {
                        // closed
                    }
                },
                "redis-monitor");
        thread.setDaemon(true);
        thread.start();
        // commands sent before Redis answered MONITOR are not reported: a loaded machine missed them
        if (!monitoring.await(10, TimeUnit.SECONDS)) {
            socket.close();
            throw new IOException("redis-server did not confirm MONITOR within 10 s");
        }
    }

    /**
     * The next command whose text contains {@code part} (e.g. {@code "\"XDEL\""}); commands before
     * it are dropped.
     */
    public String next(String part) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no command with " + part + " within " + WAIT);
            }
            if (line.contains(part)) {
                return line;
            }
        }
    }

    /** The command after the last one taken, whatever it is. */
    public String next() throws InterruptedException {
        String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no further command within " + WAIT);
        }
        return line;
    }

    /** The command part of a MONITOR line: what follows the {@code [db client]} prefix. */
    public static String command(String line) {
        return line.substring(line.indexOf("] ") + 2);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
