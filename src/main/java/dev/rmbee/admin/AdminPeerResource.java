package dev.rmbee.admin;

import dev.rmbee.web.PeerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /admin/peer}: the peer gateway's relay links and work in progress ({@link PeerAdmin}); 404 unless in peer mode. */
@Path("admin/peer")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminPeerResource {

    @Inject
    PeerService peer;

    @GET
    public JsonObject status() {
        return peer.inFlight()
                .map(inFlight -> PeerAdmin.status(peer.linkStatus(), inFlight))
                .orElseThrow(() -> AdminException.notFound("peer mode is off (rmb.peer.enabled)"));
    }
}
