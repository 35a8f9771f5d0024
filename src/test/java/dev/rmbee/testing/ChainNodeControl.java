package dev.rmbee.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP JSON control API of a {@link TestChainNode} (its README lists the routes). */
final class ChainNodeControl {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;

    ChainNodeControl(int port) {
        this.root = URI.create("http://127.0.0.1:" + port + "/");
    }

    JsonValue get(String path) {
        return send("GET", path, null);
    }

    JsonValue post(String path, JsonObject body) {
        return send("POST", path, body);
    }

    JsonValue put(String path, JsonObject body) {
        return send("PUT", path, body);
    }

    JsonValue delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonValue send(String method, String path, JsonObject body) {
        HttpRequest request = HttpRequest.newBuilder(root.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("chain node control " + method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: chain node control " + method + " " + path, e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("chain node control " + method + " " + path + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
        return parse(response.body());
    }

    private static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
