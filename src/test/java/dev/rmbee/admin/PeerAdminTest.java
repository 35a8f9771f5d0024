package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.link.LinkStatus;
import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerAdminTest {

    @Test
    void eachLinkAndTheWorkInProgressAreShown() {
        List<LinkStatus> links = List.of(
                new LinkStatus("ws://r1.example/", true, Instant.parse("2026-01-01T00:00:00Z"), null, 1, 0),
                new LinkStatus("wss://r2.example/", false, Instant.parse("2026-01-01T00:01:00Z"), "refused", 3, 2));

        assertEquals(
                Json.createObjectBuilder()
                        .add(
                                "links",
                                Json.createArrayBuilder()
                                        .add(Json.createObjectBuilder()
                                                .add("relay", "ws://r1.example/")
                                                .add("connected", true)
                                                .add("since", "2026-01-01T00:00:00Z")
                                                .addNull("lastError")
                                                .add("connects", 1)
                                                .add("queued", 0))
                                        .add(Json.createObjectBuilder()
                                                .add("relay", "wss://r2.example/")
                                                .add("connected", false)
                                                .add("since", "2026-01-01T00:01:00Z")
                                                .add("lastError", "refused")
                                                .add("connects", 3)
                                                .add("queued", 2)))
                        .add(
                                "inFlight",
                                Json.createObjectBuilder()
                                        .add("local", 4)
                                        .add("relays", 1)
                                        .add("max", 256))
                        .build(),
                PeerAdmin.status(links, new PeerGateway.InFlight(4, 1, 256)));
    }
}
