package dev.rmbee.admin;

import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.web.FederationSettings;
import dev.rmbee.wire.SessionKey;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code /admin/sessions}: this instance's connected sessions ({@link SessionsAdmin}); {@code
 * DELETE} disconnects a twin's sessions or one session ({@link AdminInput} spells the session in
 * the path).
 */
@Path("admin/sessions")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminSessionsResource {

    @Inject
    SessionRegistry sessions;

    @Inject
    SessionQueues queues;

    @Inject
    FederationSettings federation;

    @Inject
    AdminSettings settings;

    @Context
    HttpServletRequest request;

    @GET
    public void list(
            @QueryParam("twin") String twin, @QueryParam("limit") String limit, @Suspended AsyncResponse response) {
        OptionalInt twinId = AdminInput.twinFilter(twin);
        int max = AdminInput.limit(limit);
        AdminResponses.resume(response, admin().list(twinId, max));
    }

    @DELETE
    @Path("{twin}")
    public JsonObject disconnectTwin(@PathParam("twin") String twin) {
        int twinId = AdminInput.twinId(twin);
        SessionsAdmin admin = admin();
        List<SessionKey> closed = admin.disconnectTwin(twinId);
        AdminAudit.record(
                AdminResponses.actor(settings, request),
                "disconnected twin " + Integer.toUnsignedString(twinId) + ": sessions " + closed);
        return admin.disconnected(closed);
    }

    @DELETE
    @Path("{twin}/{sid}")
    public JsonObject disconnect(@PathParam("twin") String twin, @PathParam("sid") String sid) {
        SessionKey session = AdminInput.session(twin, sid);
        SessionsAdmin admin = admin();
        admin.disconnect(session);
        AdminAudit.record(AdminResponses.actor(settings, request), "disconnected session " + session);
        return admin.disconnected(List.of(session));
    }

    private SessionsAdmin admin() {
        return new SessionsAdmin(sessions, queues, federation.instance());
    }
}
