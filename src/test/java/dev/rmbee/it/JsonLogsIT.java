package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.ServerLogs;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Liberty's JSON console logs, switched on for relay 2 as docs/configuration.md says
 * ({@code WLP_LOGGING_CONSOLE_FORMAT=JSON}): the relay's own lines carry what they concern as
 * {@code ext_*} fields, and the start-up line is there with no secret in it.
 */
class JsonLogsIT {

    @Test
    void aLineAboutASessionCarriesItsTwinAndSessionAsJsonFields() throws Exception {
        SessionKey session = new SessionKey(3, "json-" + Uids.next());
        try (TwinSocket socket = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), session)) {
            socket.sendText("text is refused");
            assertEquals(1003, socket.awaitClose(), "a text frame closes the session");
        }

        JsonObject record =
                Await.value("relay 2's JSON console line about closing " + session, () -> find(session.toString()));

        assertEquals("liberty_message", record.getString("type"));
        assertEquals("INFO", record.getString("loglevel"));
        assertEquals("dev.rmbee.relay.SocketSessions", record.getString("module"));
        assertEquals("3", record.getString("ext_twin"));
        assertEquals(session.toString(), record.getString("ext_session"));
        assertEquals(
                "closing a session: text frames are not supported [twin=3 session=" + session + "]",
                record.getString("message"));
    }

    @Test
    void theStartUpLineTellsTheModeAndNoSecret() {
        JsonObject record = Await.value(
                "relay 2's start-up line",
                () -> ServerLogs.jsonRecords(ServerLogs.embeddedRelayConsole()).stream()
                        .filter(line -> line.getString("message", "").startsWith("rmb-ee "))
                        .reduce((first, second) -> second));
        String line = record.getString("message");
        assertEquals(true, line.contains(" starting [mode=embedded peer=off "), line);
        assertEquals(true, line.contains(" admin=on admin.user=admin]"), line);
        assertFalse(line.contains("it-secret"), line);
    }

    private static Optional<JsonObject> find(String session) {
        return ServerLogs.jsonRecords(ServerLogs.embeddedRelayConsole()).stream()
                .filter(record -> session.equals(record.getString("ext_session", null)))
                .filter(record -> record.getString("message", "").contains("text frames"))
                .findFirst();
    }
}
