package dev.rmbee.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The redis-server the build runs for the server integration tests (the pom's {@code it-redis-*}
 * executions: {@code it.redis.binary} with {@code redis.conf}, both in {@code it.redis.dir}, on
 * {@code it.redis.port}), stopped and started again by a test that needs Redis to go away. Other
 * tests share it, so a test that stops it starts it again before it ends, whatever happens:
 * {@code try (StoppedServer down = BuildRedis.down()) { … }}. The server started again is a child
 * of the test JVM with the same configuration (nothing persisted: it comes back empty); the build's
 * {@code it-redis-stop} shuts it down like the first.
 */
public final class BuildRedis {

    public static final int PORT = Integer.getInteger("it.redis.port", 6391);

    /** How long the server may take to answer again. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private BuildRedis() {}

    /**
     * Shuts the server down (SHUTDOWN NOSAVE) and waits until its port refuses connections; the
     * returned handle starts it again when closed.
     */
    public static StoppedServer down() throws IOException {
        return StoppedServer.stop(BuildRedis::stop, BuildRedis::start);
    }

    private static void stop() throws IOException {
        RedisControl.shutdown(PORT);
        Await.until("the build's redis-server gone from port " + PORT, () -> {
            try {
                RedisControl.command(PORT, "PING");
                return false;
            } catch (ConnectException gone) {
                return true;
            }
        });
    }

    /** Starts the server from the build's binary and configuration and waits until it answers. */
    private static void start() throws IOException {
        Path dir = Path.of(System.getProperty("it.redis.dir", "target/redis"));
        Path binary = dir.resolve(System.getProperty("it.redis.binary", "redis-server-6.2.6-v5-linux-amd64"));
        new ProcessBuilder(binary.toString(), dir.resolve("redis.conf").toString())
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        RedisControl.await(PORT, binary, START_TIMEOUT);
    }
}
