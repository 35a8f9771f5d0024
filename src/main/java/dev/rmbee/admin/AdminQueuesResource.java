package dev.rmbee.admin;

import dev.rmbee.relay.SessionQueues;
import dev.rmbee.wire.SessionKey;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.time.Clock;

/** {@code /admin/queues}: the session queues' depths ({@link QueuesAdmin}); {@code DELETE} purges one. */
@Path("admin/queues")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminQueuesResource {

    @Inject
    SessionQueues queues;

    @Inject
    AdminSettings settings;

    @Context
    HttpServletRequest request;

    @GET
    public void list(
            @QueryParam("twin") String twin, @QueryParam("limit") String limit, @Suspended AsyncResponse response) {
        AdminResponses.resume(response, admin().list(AdminInput.twinFilter(twin), AdminInput.limit(limit)));
    }

    @GET
    @Path("{twin}/{sid}")
    public void one(@PathParam("twin") String twin, @PathParam("sid") String sid, @Suspended AsyncResponse response) {
        AdminResponses.resume(response, admin().one(AdminInput.session(twin, sid)));
    }

    @DELETE
    @Path("{twin}/{sid}")
    public void purge(@PathParam("twin") String twin, @PathParam("sid") String sid, @Suspended AsyncResponse response) {
        SessionKey session = AdminInput.session(twin, sid);
        AdminActor actor = AdminResponses.actor(settings, request);
        AdminResponses.resume(response, admin().purge(session).thenApply(purged -> {
            AdminAudit.record(
                    actor,
                    "purged the queue of session " + session + " ("
                            + purged.getJsonNumber("purged").longValue() + " messages)");
            return purged;
        }));
    }

    private QueuesAdmin admin() {
        return new QueuesAdmin(queues, Clock.systemUTC());
    }
}
