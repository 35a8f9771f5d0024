package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.RelayDeployment;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No error answer of relay 1 echoes the request's URL: a twin's token is the query string, and with
 * MicroProfile Metrics on, Liberty puts the whole URL into a header of every error the application
 * leaves unmapped. Each request here carries a token-like query and gets a 4xx from a different
 * place (an unknown path, a method no resource takes, content negotiation, the admin filter, the
 * federation ingress); neither a header nor the body may contain the query.
 */
class WebErrorsIT extends RelayDeployment {

    private static final String MARKER = "secret-token-marker";
    private static final String QUERY = "?eyJhbGciOiJub25lIn0." + MARKER + ".c2lnbmF0dXJl";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One request and the status it must get. */
    private record Case(String method, String path, Map<String, String> headers, String body, int status) {}

    @Test
    void noErrorEchoesTheRequestUrlOrItsQuery() throws Exception {
        String admin = RelayAdmin.authorization();
        List<Case> cases = List.of(
                new Case("GET", "/no/such/page", Map.of(), null, 404),
                new Case("DELETE", "/", Map.of(), null, 405),
                new Case("PUT", "/", Map.of("Content-Type", "application/json"), "{}", 405),
                new Case("POST", "/", Map.of("Content-Type", "application/octet-stream"), "not an envelope", 400),
                new Case("GET", "/admin/twins", Map.of(), null, 401),
                new Case("GET", "/admin/twins", Map.of("Authorization", admin, "Accept", "image/png"), null, 406),
                new Case("POST", "/admin/twins", Map.of("Authorization", admin), "{}", 405),
                new Case("GET", "/admin/twins/424242", Map.of("Authorization", admin), null, 404));

        for (Case request : cases) {
            HttpResponse<String> response = send(request);
            String what = request.method() + " " + request.path() + QUERY;

            assertEquals(request.status(), response.statusCode(), what + ": " + response.body());
            response.headers().map().forEach((name, values) -> {
                assertFalse(name.toLowerCase(Locale.ROOT).contains("exception"), what + ": header " + name);
                for (String value : values) {
                    assertFalse(value.contains(MARKER), what + ": header " + name + ": " + value);
                }
            });
            assertFalse(response.body().contains(MARKER), what + ": body " + response.body());
        }
    }

    private HttpResponse<String> send(Case request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(http(request.path() + QUERY))
                .timeout(Duration.ofSeconds(30))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
