package dev.rmbee.testing;

import java.io.IOException;
import java.io.InputStream;
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
 * own server script by the tests that need a relay to go away and come back.
 */
public final class EmbeddedRelayServer {

    public static final int PORT = Integer.getInteger("it.embedded.port", 9183);

    private EmbeddedRelayServer() {}

    public static void stop() throws Exception {
        run("stop");
    }

    /** Starts the server and waits until its application answers. */
    public static void start() throws Exception {
        run("start");
        awaitUp();
    }

    private static void run(String action) throws Exception {
        Path wlp = Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"));
        String server = System.getProperty("it.embedded.server.name", "embedded-relay");
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, server)
                .redirectErrorStream(true)
                .start();
        try (InputStream output = process.getInputStream()) {
            output.transferTo(OutputStream.nullOutputStream());
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("server " + action + " took too long");
        }
    }

    /** Waits until the relay's application answers HTTP (its 404 page) again. */
    public static void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> page = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 404 && page.body().equals("page not found")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("relay 2 did not come back");
    }
}
