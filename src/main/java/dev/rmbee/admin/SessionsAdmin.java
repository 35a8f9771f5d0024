package dev.rmbee.admin;

import dev.rmbee.relay.CloseCodes;
import dev.rmbee.relay.Connection;
import dev.rmbee.relay.QueueDepth;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /admin/sessions}: the sessions connected to this relay instance, and disconnecting them.
 * With Redis several instances serve one relay and each knows only its own connections: the list
 * and the disconnects are this instance's, named by {@code instance}.
 */
final class SessionsAdmin {

    /** The close reason a disconnected twin reads (close code {@value CloseCodes#VIOLATED_POLICY}). */
    static final String CLOSE_REASON = "disconnected by the relay's administrator";

    private final SessionRegistry sessions;
    private final SessionQueues queues;
    private final String instance;

    SessionsAdmin(SessionRegistry sessions, SessionQueues queues, String instance) {
        this.sessions = sessions;
        this.queues = queues;
        this.instance = instance;
    }

    /**
     * {@code {"instance":…,"count":n,"truncated":b,"sessions":[…]}}: up to {@code limit} of the
     * connected sessions (all, or {@code twin}'s), by session, each with its queue's depth.
     */
    CompletionStage<JsonObject> list(OptionalInt twin, int limit) {
        List<Connection> connected = connections(twin);
        List<Connection> shown = connected.subList(0, Math.min(limit, connected.size()));
        List<CompletableFuture<QueueDepth>> depths = shown.stream()
                .map(connection -> queues.inspectQueue(connection.session()).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(depths.toArray(new CompletableFuture<?>[0]))
                .thenApply(all -> {
                    JsonArrayBuilder list = Json.createArrayBuilder();
                    for (int i = 0; i < shown.size(); i++) {
                        list.add(session(shown.get(i), depths.get(i).join()));
                    }
                    return Json.createObjectBuilder()
                            .add("instance", instance)
                            .add("count", connected.size())
                            .add("truncated", shown.size() < connected.size())
                            .add("sessions", list)
                            .build();
                });
    }

    /**
     * Closes every connection of {@code twin} here.
     *
     * @throws AdminException 404 when none is connected to this instance
     */
    List<SessionKey> disconnectTwin(int twin) {
        List<Connection> connected = connections(OptionalInt.of(twin));
        if (connected.isEmpty()) {
            throw AdminException.notFound("twin " + Integer.toUnsignedString(twin)
                    + " has no session connected to this instance (" + instance + ")");
        }
        connected.forEach(SessionsAdmin::close);
        return connected.stream().map(Connection::session).toList();
    }

    /**
     * Closes the session's connection here.
     *
     * @throws AdminException 404 when it is not connected to this instance
     */
    void disconnect(SessionKey session) {
        Connection connection = sessions.find(session)
                .orElseThrow(() -> AdminException.notFound(
                        "session " + session + " is not connected to this instance (" + instance + ")"));
        close(connection);
    }

    /** The outcome of a disconnect: {@code {"instance":…,"disconnected":["7","7:abc"]}}. */
    JsonObject disconnected(List<SessionKey> closed) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        closed.forEach(session -> list.add(session.toString()));
        return Json.createObjectBuilder()
                .add("instance", instance)
                .add("disconnected", list)
                .build();
    }

    private static void close(Connection connection) {
        connection.close(CloseCodes.VIOLATED_POLICY, CLOSE_REASON);
    }

    private List<Connection> connections(OptionalInt twin) {
        List<Connection> connected = new ArrayList<>();
        sessions.forEach(connection -> {
            if (twin.isEmpty() || connection.session().twin() == twin.getAsInt()) {
                connected.add(connection);
            }
        });
        connected.sort(Comparator.comparing(Connection::session, SessionKey.ORDER));
        return connected;
    }

    private JsonObject session(Connection connection, QueueDepth depth) {
        SessionKey session = connection.session();
        JsonObjectBuilder json =
                AdminJson.session(session).add("instance", instance).add("queued", depth.messages());
        AdminJson.addOrNull(json, "connectedSince", connection.connectedSince().map(Object::toString));
        AdminJson.addOrNull(json, "remoteAddress", connection.remoteAddress());
        return json.build();
    }
}
