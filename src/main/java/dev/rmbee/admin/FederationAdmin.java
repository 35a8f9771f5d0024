package dev.rmbee.admin;

import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRank;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /admin/federation}: the backlog of envelopes waiting for other relays (the whole relay's
 * queue) and this instance's ranking of the relays it met within the ranker's window, best first.
 * Each relay carries its rank and this instance's count of accepted and failed POSTs to it.
 */
final class FederationAdmin {

    private final FederationGateway gateway;

    FederationAdmin(FederationGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * {@code {"backlog":n,"relays":[{"relay":…,"rank":1,"failures":0,"failureRate":0.0,"success":n,
     * "error":n}]}}: {@code success} and {@code error} count this instance's POSTs since it started,
     * as the metrics {@code federation_message_success} and {@code federation_message_error} do.
     */
    CompletionStage<JsonObject> status() {
        return gateway.backlog().thenApply(backlog -> {
            Map<String, Long> successes = gateway.successes();
            Map<String, Long> errors = gateway.errors();
            JsonArrayBuilder relays = Json.createArrayBuilder();
            for (RelayRank rank : gateway.relayRanks()) {
                relays.add(Json.createObjectBuilder()
                        .add("relay", rank.relay())
                        .add("rank", rank.rank())
                        .add("failures", rank.failures())
                        .add("failureRate", rank.failureRate())
                        .add("success", successes.getOrDefault(rank.relay(), 0L))
                        .add("error", errors.getOrDefault(rank.relay(), 0L)));
            }
            return Json.createObjectBuilder()
                    .add("backlog", backlog)
                    .add("relays", relays)
                    .build();
        });
    }
}
