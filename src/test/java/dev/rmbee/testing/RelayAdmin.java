package dev.rmbee.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The admin API of a relay the build started (both have the password {@value #PASSWORD}), for tests
 * that add a twin for themselves: {@link #putTwin} it, and {@link #deleteTwin} it in a finally; and
 * any request of the API as the admin user ({@link #call}, its JSON with {@link #json}).
 */
public final class RelayAdmin {

    /** The admin password of both integration-test relays (arquillian.xml, the pom). */
    public static final String PASSWORD = "it-secret";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final URI root;

    private RelayAdmin(URI base) {
        this.base = base;
        this.root = base.resolve("/admin/twins/");
    }

    /** The admin API of the relay at {@code host:port}. */
    public static RelayAdmin of(String hostAndPort) {
        return new RelayAdmin(URI.create("http://" + hostAndPort + "/"));
    }

    /** {@code method pathAndQuery} (e.g. {@code GET /admin/sessions?twin=7}) as the admin user, without a body. */
    public HttpResponse<String> call(String method, String pathAndQuery) throws Exception {
        return send(
                HttpRequest.newBuilder(base.resolve(pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** The JSON object an admin answer carries (checking that it says it is JSON). */
    public static JsonObject json(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("not JSON: HTTP " + response.statusCode() + " "
                    + response.headers().map() + " " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** The {@code Authorization} header value of the admin user. */
    public static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates or replaces twin {@code id} with an arbitrary account, these relays and no e2e key. */
    public void putTwin(int id, List<String> relays) throws Exception {
        putTwin(id, String.format("0x%064x", id), relays);
    }

    /**
     * Creates or replaces twin {@code id} with the account (the public key, hex) of an existing
     * test twin, so that {@link TestTwins#signer} of that twin signs its tokens; no e2e key.
     */
    public void putTwin(int id, String account, List<String> relays) throws Exception {
        String body = "{\"account\":\"" + account + "\",\"relays\":"
                + relays.stream().map(relay -> "\"" + relay + "\"").collect(Collectors.joining(",", "[", "]"))
                + ",\"pk\":null}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(root.resolve(Integer.toString(id)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AssertionError("PUT twin " + id + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Deletes twin {@code id}; nothing to do when it is not there. */
    public void deleteTwin(int id) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(root.resolve(Integer.toString(id))).DELETE());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new AssertionError("DELETE twin " + id + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(
                request.header("Authorization", authorization())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
