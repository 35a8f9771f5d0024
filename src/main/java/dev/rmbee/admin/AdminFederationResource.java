package dev.rmbee.admin;

import dev.rmbee.federation.FederationGateway;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/** {@code /admin/federation}: backlog and relay ranks ({@link FederationAdmin}). */
@Path("admin/federation")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminFederationResource {

    @Inject
    FederationGateway gateway;

    @GET
    public void status(@Suspended AsyncResponse response) {
        AdminResponses.resume(response, new FederationAdmin(gateway).status());
    }
}
