package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Options;
import dev.rmbee.testing.TestTwins;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code twins} command: writes the federation benchmark's registry file (both relays load it):
 * twins 101–105 live on {@code --sender-relay}, twins 201–205 on {@code --receiver-relay}; twin
 * {@code 100·n + k} has the account (key) of shared twin {@code k}, so {@link BenchTwins} can sign
 * for it. With {@code --black-hole-relay}, twins 301–305 live on that relay ({@link BlackHole}).
 */
final class FederationTwins {

    private FederationTwins() {}

    static void write(Options options) throws IOException {
        String senderRelay = options.string("sender-relay", null);
        String receiverRelay = options.string("receiver-relay", null);
        String blackHole = options.string("black-hole-relay", "");
        Path out = Path.of(options.string("out", null));
        JsonArrayBuilder twins = Json.createArrayBuilder();
        for (int base : new int[] {100, 200}) {
            for (int k = 1; k <= 5; k++) {
                JsonObject shared = TestTwins.twin(k);
                twins.add(Json.createObjectBuilder()
                        .add("id", base + k)
                        .add("name", shared.getString("name") + (base == 100 ? "-sender" : "-receiver"))
                        .add("account", shared.getString("account"))
                        .add("relays", Json.createArrayBuilder().add(base == 100 ? senderRelay : receiverRelay))
                        .addNull("pk"));
            }
        }
        for (int k = 1; !blackHole.isEmpty() && k <= 5; k++) {
            JsonObject shared = TestTwins.twin(k);
            twins.add(Json.createObjectBuilder()
                    .add("id", 300 + k)
                    .add("name", shared.getString("name") + "-black-holed")
                    .add("account", shared.getString("account"))
                    .add("relays", Json.createArrayBuilder().add(blackHole))
                    .addNull("pk"));
        }
        JsonObject registry = Json.createObjectBuilder()
                .add(
                        "comment",
                        "RelayLoad federation twins (dev keys of the shared twins.json 1-5): 101-105 live on "
                                + senderRelay + ", 201-205 on " + receiverRelay)
                .add("twins", twins)
                .build();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, registry.toString());
        RelayLoad.LOG.log("twins: 101-105 on %s, 201-205 on %s, written to %s", senderRelay, receiverRelay, out);
    }
}
