package dev.rmbee.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Instance B of relay 1: the Open Liberty server the build starts ({@code it.instance-b.server.name}
 * on {@code it.instance-b.port}, no TLS) in Redis mode on the build's Redis, with relay 1's twins and
 * domain, so that relay 1 (instance A) and it are one relay. A test that kills it starts it again
 * before it ends, whatever happens: {@code try (StoppedServer killed = RedisInstanceB.killed())}.
 */
public final class RedisInstanceB {

    public static final int PORT = Integer.getInteger("it.instance-b.port", 9189);

    /** How long the server may take to come back: a Liberty start on a loaded machine. */
    private static final Duration START_TIMEOUT = EmbeddedRelayServer.START_TIMEOUT;

    private RedisInstanceB() {}

    /** The instance's WebSocket address, {@code ws://127.0.0.1:<port>/}. */
    public static URI webSocket() {
        return URI.create("ws://127.0.0.1:" + PORT + "/");
    }

    /** The Liberty server's name. */
    public static String name() {
        return System.getProperty("it.instance-b.server.name", "relay1-instance-b");
    }

    /** The pid of the server's JVM, from the file Liberty's server script writes at start. */
    public static long pid() throws IOException {
        Path file = LibertyServerScript.wlp().resolve("usr/servers/.pid").resolve(name() + ".pid");
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    /**
     * Kills the server's JVM with SIGKILL ({@code kill -9}: no shutdown hook, no clean close of
     * anything) and waits until it is gone; closing the returned handle starts the server again and
     * waits until it answers.
     */
    public static StoppedServer killed() throws IOException {
        return StoppedServer.stop(RedisInstanceB::kill, RedisInstanceB::start);
    }

    private static void kill() throws IOException {
        long pid = pid();
        ProcessHandle jvm = ProcessHandle.of(pid)
                .orElseThrow(() -> new AssertionError("no process " + pid + " for server " + name()));
        if (!jvm.destroyForcibly()) { // SIGKILL on Linux
            throw new AssertionError("could not kill " + name() + " (pid " + pid + ")");
        }
        try {
            jvm.onExit().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + name() + " to die");
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name() + " (pid " + pid + ") still runs after SIGKILL", e);
        }
    }

    /** Stops the server with Liberty's server script. */
    public static void stop() throws IOException {
        LibertyServerScript.run("stop", name());
    }

    /** Starts the server with Liberty's server script and waits until its application answers. */
    public static void start() throws IOException {
        LibertyServerScript.run("start", name());
        awaitUp();
    }

    /** Waits until the instance's application answers HTTP (its 404 page). */
    public static void awaitUp() {
        LibertyServerScript.awaitNotFoundPage(
                "instance B (" + name() + ", port " + PORT + ")", URI.create("http://127.0.0.1:" + PORT + "/"));
    }
}
