package dev.rmbee.admin;

import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.link.LinkStatus;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/peer}, in peer mode: each relay link's state (connected, since when, the last
 * error, how many times it connected, envelopes in its outbox) and the messages being processed.
 */
final class PeerAdmin {

    private PeerAdmin() {}

    static JsonObject status(List<LinkStatus> links, PeerGateway.InFlight inFlight) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (LinkStatus link : links) {
            JsonObjectBuilder json =
                    Json.createObjectBuilder().add("relay", link.relay()).add("connected", link.connected());
            AdminJson.addOrNull(json, "since", Optional.ofNullable(link.since()).map(Instant::toString));
            AdminJson.addOrNull(json, "lastError", Optional.ofNullable(link.lastError()));
            list.add(json.add("connects", link.connects()).add("queued", link.queued()));
        }
        return Json.createObjectBuilder()
                .add("links", list)
                .add(
                        "inFlight",
                        Json.createObjectBuilder()
                                .add("local", inFlight.local())
                                .add("relays", inFlight.remote())
                                .add("max", inFlight.max()))
                .build();
    }
}
