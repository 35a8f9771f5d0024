package dev.rmbee.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The integration tests' second relay, the embedded-mode server the build starts
 * ({@code it.embedded.server.name} on {@code it.embedded.port}), stopped and started with Liberty's
 * own server script by the tests that need a relay to go away and come back. A test that stops it
 * starts it again before it ends, whatever happens: {@code try (StoppedServer down = EmbeddedRelayServer.down())}.
 */
public final class EmbeddedRelayServer {

    public static final int PORT = Integer.getInteger("it.embedded.port", 9183);

    /** How long the server may take to come back: a Liberty start on a loaded machine. */
    public static final Duration START_TIMEOUT = LibertyServerScript.TIMEOUT;

    private EmbeddedRelayServer() {}

    /** The relay's WebSocket address, {@code ws://127.0.0.1:<port>/}. */
    public static URI webSocket() {
        return URI.create("ws://127.0.0.1:" + PORT + "/");
    }

    /** Its domain, as the twins' relay lists name it. */
    public static String domain() {
        return "127.0.0.1:" + PORT;
    }

    /** The server's directory ({@code usr/servers/<name>} of the build's Liberty). */
    public static Path directory() {
        return Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"))
                .resolve("usr/servers")
                .resolve(System.getProperty("it.embedded.server.name", "embedded-relay"));
    }

    /** The port of its admin API ({@code rmb.admin.port}): the only one that serves {@code /admin}. */
    public static int adminPort() {
        return Integer.getInteger("it.embedded.admin.port", 9188);
    }

    /**
     * Stops the server until the returned handle is closed (or {@link StoppedServer#start() started}
     * earlier); closing starts it again and waits until it answers.
     */
    public static StoppedServer down() throws IOException {
        return StoppedServer.stop(EmbeddedRelayServer::stop, EmbeddedRelayServer::start);
    }

    public static void stop() throws IOException {
        run("stop");
    }

    /** Starts the server and waits until its application answers. */
    public static void start() throws IOException {
        run("start");
        awaitUp();
    }

    private static void run(String action) throws IOException {
        LibertyServerScript.run(action, System.getProperty("it.embedded.server.name", "embedded-relay"));
    }

    /** Waits until the relay's application answers HTTP (its 404 page) again. */
    public static void awaitUp() {
        LibertyServerScript.awaitNotFoundPage("relay 2 (" + domain() + ")", URI.create("http://" + domain() + "/"));
    }
}
