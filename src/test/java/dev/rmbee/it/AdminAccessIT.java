package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who reaches the admin API, on relay 2, which the build gives an admin port of its own
 * ({@code rmb.admin.port}: {@link EmbeddedRelayServer#adminPort()}) and a lockout after 3 wrong
 * logins for 10 s: on the relay's port {@code /admin} is an unknown path, on the admin port the API
 * answers; an address that keeps sending wrong credentials gets 429 without a look at its
 * credentials, until the lockout ends. Other tests use relay 2's admin API only with the right
 * login, and each test here starts once a right login goes through (which also forgets earlier
 * failures).
 */
class AdminAccessIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String RIGHT = RelayAdmin.authorization();
    private static final String WRONG =
            "Basic " + Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8));
    /** The pom's rmb.admin.lockout.duration for relay 2, in seconds. */
    private static final int LOCKOUT_SECONDS = 10;

    private static URI relayPort(String path) {
        return URI.create("http://" + EmbeddedRelayServer.domain() + path);
    }

    private static URI adminPort(String path) {
        return URI.create("http://127.0.0.1:" + EmbeddedRelayServer.adminPort() + path);
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int status(String authorization) throws Exception {
        return get(adminPort("/admin/twins/1"), authorization).statusCode();
    }

    @BeforeEach
    void aRightLoginGoesThrough() {
        Await.until(
                "relay 2's admin API answering a right login on its admin port (no lockout left)",
                () -> status(RIGHT) == 200,
                EmbeddedRelayServer.START_TIMEOUT);
    }

    @Test
    void theAdminApiIsServedOnItsOwnPortOnly() throws Exception {
        HttpResponse<String> onAdminPort = get(adminPort("/admin/twins/1"), RIGHT);
        assertEquals(200, onAdminPort.statusCode(), onAdminPort.body());
        assertTrue(onAdminPort.body().startsWith("{\"id\":1,"), onAdminPort.body());

        for (String path : new String[] {"/admin/twins/1", "/admin/twins", "/admin", "//admin/twins"}) {
            HttpResponse<String> onRelayPort = get(relayPort(path), RIGHT);
            assertEquals(404, onRelayPort.statusCode(), path);
            assertEquals("page not found", onRelayPort.body(), path);
        }
        HttpResponse<String> unknown = get(relayPort("/admin-nope"), null);
        assertEquals(404, unknown.statusCode(), "as any unknown path");
    }

    @Test
    void wrongCredentialsFromOneAddressLockItOutUntilTheLockoutEnds() throws Exception {
        assertEquals(401, status(WRONG));
        assertEquals(401, status(WRONG));
        assertEquals(200, status(RIGHT), "two failures are not a lockout; a right login forgets them");
        assertEquals(401, status(WRONG));
        assertEquals(401, status(WRONG));
        assertEquals(401, status(null), "no credentials: a challenge, not a guess");
        assertEquals(401, status("Basic %%%"), "unreadable credentials: not a guess either");
        assertEquals(401, status(WRONG), "the third wrong pair since the right login locks the address out");

        HttpResponse<String> locked = get(adminPort("/admin/twins/1"), RIGHT);
        assertEquals(429, locked.statusCode(), "even the right credentials are not looked at: " + locked.body());
        long retryAfter =
                Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= LOCKOUT_SECONDS, "Retry-After " + retryAfter);
        assertEquals(
                "{\"error\":\"too many failed logins from this address: try again in " + retryAfter + " s\"}",
                locked.body());
        assertEquals(429, status(null));

        Await.until("the lockout over: a right login goes through", () -> status(RIGHT) == 200);
    }
}
