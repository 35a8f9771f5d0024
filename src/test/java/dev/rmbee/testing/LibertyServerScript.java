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
 * Liberty's own {@code bin/server} script for the servers the build created ({@code it.liberty.dir}):
 * how the tests stop and start a server of theirs, and wait until its application answers again.
 */
public final class LibertyServerScript {

    /** How long a server may take to stop or start: a Liberty start on a loaded machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private LibertyServerScript() {}

    /** The Liberty installation the build's servers live in. */
    public static Path wlp() {
        return Path.of(System.getProperty("it.liberty.dir", "target/liberty/wlp"));
    }

    /** Runs {@code server <action> <server>} and waits until the script ends. */
    public static void run(String action, String server) throws IOException {
        Process process = new ProcessBuilder(wlp().resolve("bin/server").toString(), action, server)
                .redirectErrorStream(true)
                .start();
        try (InputStream output = process.getInputStream()) {
            output.transferTo(OutputStream.nullOutputStream());
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("server " + action + " " + server + " did not finish within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during server " + action + " " + server);
        }
    }

    /** Waits until the relay at {@code root} answers HTTP with its 404 page: its application is up. */
    public static void awaitNotFoundPage(String what, URI root) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest page = HttpRequest.newBuilder(root)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        Await.until(
                what + " answering with its 404 page",
                () -> {
                    HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() == 404 && response.body().equals("page not found");
                },
                TIMEOUT);
    }
}
