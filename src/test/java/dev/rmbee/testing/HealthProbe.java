package dev.rmbee.testing;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A relay's MicroProfile Health endpoints as a probe sees them: {@code /health/ready},
 * {@code /health/live} and {@code /health/started}, each answer's HTTP status with its checks by name.
 */
public final class HealthProbe {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String hostAndPort;

    private HealthProbe(String hostAndPort) {
        this.hostAndPort = hostAndPort;
    }

    /** The health endpoints of the server at {@code host:port}. */
    public static HealthProbe of(String hostAndPort) {
        return new HealthProbe(hostAndPort);
    }

    /**
     * One answer: the HTTP status (200 UP, 503 DOWN), the overall status, and each check's JSON
     * ({@code {"name":…,"status":…,"data":{…}}}) by name.
     */
    public record Answer(int httpStatus, String status, Map<String, JsonObject> checks) {

        /** The check named {@code name}; fails listing the answer when there is none. */
        public JsonObject check(String name) {
            JsonObject check = checks.get(name);
            if (check == null) {
                throw new AssertionError("no check " + name + " in " + this);
            }
            return check;
        }

        /** The status of check {@code name}, {@code UP} or {@code DOWN}. */
        public String status(String name) {
            return check(name).getString("status");
        }

        /** A data field of check {@code name}, as text. */
        public String data(String name, String field) {
            JsonValue value = check(name).getJsonObject("data").get(field);
            if (value == null) {
                throw new AssertionError("no data field " + field + " in check " + name + " of " + this);
            }
            return value.getValueType() == JsonValue.ValueType.STRING
                    ? ((jakarta.json.JsonString) value).getString()
                    : value.toString();
        }
    }

    public Answer ready() throws IOException {
        return get("ready");
    }

    public Answer live() throws IOException {
        return get("live");
    }

    public Answer started() throws IOException {
        return get("started");
    }

    private Answer get(String endpoint) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostAndPort + "/health/" + endpoint))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + request.uri());
        }
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            body = reader.readObject();
        } catch (JsonException e) {
            // Liberty answers 500 with an HTML page while an application is failing to start
            throw new IOException("HTTP " + response.statusCode() + " from " + request.uri() + ", not a health answer: "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        Map<String, JsonObject> checks = body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
        return new Answer(response.statusCode(), body.getString("status"), checks);
    }
}
