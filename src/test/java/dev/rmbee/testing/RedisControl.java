package dev.rmbee.testing;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Single Redis commands (each on a {@link RedisConnection} of its own) for tests and for the build,
 * which has no {@code redis-cli}: {@code main} waits for the integration tests' redis-server and shuts
 * it down (see the pom's pre- and post-integration-test executions).
 *
 * <pre>
 * RedisControl await &lt;port&gt; &lt;executable&gt;   wait up to 10 s until the redis-server started
 *                                           from that binary answers on 127.0.0.1:&lt;port&gt;
 * RedisControl shutdown &lt;port&gt;             SHUTDOWN NOSAVE (nothing to do when none runs)
 * </pre>
 */
public final class RedisControl {

    /** How long one command's reply may take. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private RedisControl() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("await")) {
            await(Integer.parseInt(args[1]), Path.of(args[2]), Duration.ofSeconds(10));
        } else if (args.length == 2 && args[0].equals("shutdown")) {
            shutdown(Integer.parseInt(args[1]));
        } else {
            throw new IllegalArgumentException("usage: RedisControl await <port> <executable> | shutdown <port>");
        }
    }

    /**
     * Waits until a redis-server answers on the port, and checks that it is the one started from
     * {@code executable} (not some other Redis that already held the port).
     */
    public static void await(int port, Path executable, Duration timeout) throws IOException {
        String info = Await.value(
                "a redis-server answering on port " + port,
                () -> {
                    try {
                        return Optional.of(command(port, "INFO", "server"));
                    } catch (ConnectException notYet) {
                        return Optional.empty();
                    }
                },
                timeout);
        String expected = executable.toRealPath().toString();
        String actual = infoField(info, "executable");
        if (actual == null
                || !Files.exists(Path.of(actual))
                || !Path.of(actual).toRealPath().toString().equals(expected)) {
            throw new IllegalStateException(
                    "port " + port + " is held by another Redis (" + actual + "), not by " + expected);
        }
    }

    /** Asks the server to exit without saving; true when one was running. */
    public static boolean shutdown(int port) throws IOException {
        try {
            command(port, "SHUTDOWN", "NOSAVE");
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (EOFException e) {
            return true; // the server closes the connection instead of answering: it is gone
        }
    }

    /**
     * Sends one command on a connection of its own ({@link RedisConnection}); returns the reply as
     * text ({@link RedisConnection#text}: arrays joined with newlines, null for nil).
     *
     * @throws IllegalStateException on an error reply
     * @throws EOFException when the server closed the connection without a reply
     * @throws ConnectException when no server listens on the port
     */
    public static String command(int port, String... args) throws IOException {
        try (RedisConnection connection = new RedisConnection(port, 0, COMMAND_TIMEOUT)) {
            return RedisConnection.text(connection.command((Object[]) args));
        }
    }

    private static String infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
