package dev.rmbee.admin;

import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRank;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * {@code /admin/federation}: the backlog of envelopes waiting for other relays (the whole relay's
 * queue) and this instance's ranking of the relays it met within the ranker's window, best first.
 * Each relay is an object of its own, so that more per-relay figures fit beside its rank.
 */
final class FederationAdmin {

    private final FederationGateway gateway;

    FederationAdmin(FederationGateway gateway) {
        this.gateway = gateway;
    }

    /** {@code {"backlog":n,"relays":[{"relay":…,"rank":1,"failures":0,"failureRate":0.0}]}}. */
    CompletionStage<JsonObject> status() {
        return gateway.backlog().thenApply(backlog -> {
            JsonArrayBuilder relays = Json.createArrayBuilder();
            for (RelayRank rank : gateway.relayRanks()) {
                relays.add(Json.createObjectBuilder()
                        .add("relay", rank.relay())
                        .add("rank", rank.rank())
                        .add("failures", rank.failures())
                        .add("failureRate", rank.failureRate()));
            }
            return Json.createObjectBuilder()
                    .add("backlog", backlog)
                    .add("relays", relays)
                    .build();
        });
    }
}
