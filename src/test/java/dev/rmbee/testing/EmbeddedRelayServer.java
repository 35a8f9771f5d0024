package dev.rmbee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The integration tests' second relay, the embedded-mode server the build starts
 * ({@code it.embedded.server.name} on {@code it.embedded.port}), stopped and started with Liberty's
 * own server script by the tests that need a relay to go away and come back. A test that stops it
 * starts it again before it ends, whatever happens: {@code try (StoppedServer down = EmbeddedRelayServer.down())}.
 */
public final class EmbeddedRelayServer {

    public static final int PORT = Integer.getInteger("it.embedded.port", 9183);

    /** How long the server may take to come back: a Liberty start on a loaded machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

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
        Path wlp = Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"));
        String server = System.getProperty("it.embedded.server.name", "embedded-relay");
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, server)
                .redirectErrorStream(true)
                .start();
        try (InputStream output = process.getInputStream()) {
            output.transferTo(OutputStream.nullOutputStream());
        }
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server " + action + " " + server + " did not finish within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during server " + action);
        }
    }

    /** Waits until the relay's application answers HTTP (its 404 page) again. */
    public static void awaitUp() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest page = HttpRequest.newBuilder(URI.create("http://" + domain() + "/"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        Await.until(
                "relay 2 (" + domain() + ") answering with its 404 page",
                () -> {
                    HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() == 404 && response.body().equals("page not found");
                },
                START_TIMEOUT);
    }
}
