package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.CloseCodes;
import dev.rmbee.relay.Connection;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The connected sessions as operators see them, and disconnecting them. */
class SessionsAdminTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final SessionRegistry sessions = new SessionRegistry();
    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final SessionsAdmin admin = new SessionsAdmin(sessions, queues, "relay-a");

    /** A connection that remembers how it was closed. */
    private static final class TwinConnection implements Connection {
        final SessionKey session;
        int closeCode;
        String closeReason;

        TwinConnection(String session) {
            this.session = SessionKey.parse(session);
        }

        @Override
        public SessionKey session() {
            return session;
        }

        @Override
        public void send(byte[] envelope, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }

        @Override
        public Optional<Instant> connectedSince() {
            return Optional.of(START);
        }

        @Override
        public Optional<String> remoteAddress() {
            return Optional.of("192.0.2.1");
        }
    }

    private TwinConnection connect(String session) {
        TwinConnection connection = new TwinConnection(session);
        sessions.register(connection);
        return connection;
    }

    private JsonObject list(OptionalInt twin, int limit) throws Exception {
        return admin.list(twin, limit).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static List<String> names(JsonObject listing) {
        return listing.getJsonArray("sessions").getValuesAs(JsonObject.class).stream()
                .map(session -> session.getString("session"))
                .toList();
    }

    @Test
    void theListShowsEachSessionWithItsQueueOrderedAndBounded() throws Exception {
        connect("8:b");
        connect("7");
        connect("7:a");
        queues.append(SessionKey.parse("7:a"), new byte[] {1});
        queues.append(SessionKey.parse("7:a"), new byte[] {2});

        JsonObject all = list(OptionalInt.empty(), 10);

        assertEquals(List.of("7", "7:a", "8:b"), names(all));
        assertEquals("relay-a", all.getString("instance"));
        assertEquals(3, all.getInt("count"));
        assertEquals(false, all.getBoolean("truncated"));
        assertEquals(
                Json.createObjectBuilder()
                        .add("session", "7:a")
                        .add("twin", 7)
                        .add("sid", "a")
                        .add("path", "7/a")
                        .add("instance", "relay-a")
                        .add("queued", 2)
                        .add("connectedSince", "2026-01-01T00:00:00Z")
                        .add("remoteAddress", "192.0.2.1")
                        .build(),
                all.getJsonArray("sessions").getJsonObject(1));
        assertTrue(all.getJsonArray("sessions").getJsonObject(0).isNull("sid"), "the session without sid");

        JsonObject twin7 = list(OptionalInt.of(7), 1);
        assertEquals(List.of("7"), names(twin7));
        assertEquals(2, twin7.getInt("count"));
        assertEquals(true, twin7.getBoolean("truncated"));
        assertEquals("7/-", twin7.getJsonArray("sessions").getJsonObject(0).getString("path"));
    }

    @Test
    void disconnectingClosesTheConnectionsWithAReasonAndAnUnknownOneIs404() {
        TwinConnection sidless = connect("7");
        TwinConnection app = connect("7:app");
        TwinConnection other = connect("8");

        admin.disconnect(SessionKey.parse("7:app"));
        assertEquals(CloseCodes.VIOLATED_POLICY, app.closeCode);
        assertEquals("disconnected by the relay's administrator", app.closeReason);
        assertEquals(0, sidless.closeCode);

        assertEquals(List.of(SessionKey.of(7), SessionKey.parse("7:app")), admin.disconnectTwin(7));
        assertEquals(CloseCodes.VIOLATED_POLICY, sidless.closeCode);
        assertEquals(0, other.closeCode, "another twin's session stays");

        AdminException unknown = assertThrows(AdminException.class, () -> admin.disconnect(SessionKey.parse("8:nope")));
        assertEquals(404, unknown.status());
        assertEquals("session 8:nope is not connected to this instance (relay-a)", unknown.getMessage());
        assertEquals(
                404,
                assertThrows(AdminException.class, () -> admin.disconnectTwin(9))
                        .status());
    }
}
