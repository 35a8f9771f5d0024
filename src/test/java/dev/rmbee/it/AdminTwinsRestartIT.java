package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.StoppedServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Relay 2 (embedded mode) keeps the admin API's changes in {@code rmb.registry.admin-file} (the pom
 * names one): a twin put and a file twin deleted through the API are still so after a restart; a
 * reload of the registry files brings the file's twin back. Restores what it changed.
 */
class AdminTwinsRestartIT {

    /** A twin only this test puts. */
    private static final int PUT = 4320;
    /** A twin of federation-twins.json that no test of relay 2 uses while this one runs. */
    private static final int FILE_TWIN = 11;

    private static RelayAdmin admin() {
        return RelayAdmin.of("127.0.0.1:" + EmbeddedRelayServer.adminPort());
    }

    private static int status(String path) throws Exception {
        return admin().call("GET", path).statusCode();
    }

    @Test
    void aTwinPutAndAFileTwinDeletedThroughTheApiStaySoAfterARestart() throws Exception {
        JsonObject fileTwin = RelayAdmin.json(admin().call("GET", "/admin/twins/" + FILE_TWIN));
        assertEquals("file", fileTwin.getString("source"));
        try {
            admin().putTwin(PUT, List.of("localhost"));
            admin().deleteTwin(FILE_TWIN);

            try (StoppedServer down = EmbeddedRelayServer.down()) {
                down.start();
            }

            HttpResponse<String> put = admin().call("GET", "/admin/twins/" + PUT);
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("admin", RelayAdmin.json(put).getString("source"));
            assertEquals(
                    List.of("localhost"),
                    RelayAdmin.json(put).getJsonArray("relays").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString)
                            .toList());
            assertEquals(404, status("/admin/twins/" + FILE_TWIN), "still deleted");
        } finally {
            admin().deleteTwin(PUT);
            admin().call("POST", "/admin/twins/reload");
        }
        assertEquals(
                fileTwin,
                RelayAdmin.json(admin().call("GET", "/admin/twins/" + FILE_TWIN)),
                "the reload brought it back");
    }
}
