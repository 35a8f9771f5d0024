package dev.rmbee.bench.chain;

import dev.rmbee.chain.tfgrid.StorageKeys;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the benchmark asks of the test chain node's control API that {@code TestChainNode} does not
 * offer to another process: its {@code state_getStorage} counters ({@code /storage-reads}) and what a
 * stretch of time added to them, by key ({@code TfgridModule.Twins(id)}: all ids, and how many
 * distinct ones; {@code TfgridModule.TwinID}; {@code System.Events}; anything else), and deleting a
 * twin without an event block.
 */
final class ChainControl {
    private static final HexFormat HEX = HexFormat.of();
    private static final String TWINS = "0x" + HEX.formatHex(StorageKeys.twinsPrefix());
    private static final String TWIN_ID = "0x" + HEX.formatHex(StorageKeys.twinId());
    private static final String EVENTS = "0x" + HEX.formatHex(StorageKeys.systemEvents());

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;

    ChainControl(int controlPort) {
        this.root = URI.create("http://127.0.0.1:" + controlPort + "/");
    }

    /** The node's counters now, by key (hex, 0x, lower case). */
    Map<String, Integer> snapshot() throws IOException, InterruptedException {
        Map<String, Integer> counts = new HashMap<>();
        try (JsonReader reader = Json.createReader(new StringReader(send("GET", "storage-reads")))) {
            JsonObject all = reader.readObject();
            all.forEach((key, count) -> counts.put(key.toLowerCase(Locale.ROOT), ((JsonNumber) count).intValue()));
        }
        return counts;
    }

    /** Deletes twin {@code id} without a {@code TwinDeleted} block (it was deleted long ago). */
    void deleteQuietly(int id) throws IOException, InterruptedException {
        send("DELETE", "twins/" + Integer.toUnsignedString(id) + "?event=none");
    }

    private String send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(root.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("chain node control " + method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** What happened between two snapshots, stored as {@code prefix.reads.twins} etc. */
    static void store(Map<String, Integer> before, Map<String, Integer> after, Properties into, String prefix) {
        long twins = 0;
        long distinct = 0;
        long twinId = 0;
        long events = 0;
        long other = 0;
        for (Map.Entry<String, Integer> entry : after.entrySet()) {
            long added = entry.getValue() - before.getOrDefault(entry.getKey(), 0);
            String key = entry.getKey();
            if (added == 0) {
                continue;
            }
            if (key.startsWith(TWINS) && key.length() > TWINS.length()) {
                twins += added;
                distinct++;
            } else if (key.equals(TWIN_ID)) {
                twinId += added;
            } else if (key.equals(EVENTS)) {
                events += added;
            } else {
                other += added;
            }
        }
        into.setProperty(prefix + ".reads.twins", Long.toString(twins));
        into.setProperty(prefix + ".reads.twins.distinct", Long.toString(distinct));
        into.setProperty(prefix + ".reads.twinid", Long.toString(twinId));
        into.setProperty(prefix + ".reads.events", Long.toString(events));
        into.setProperty(prefix + ".reads.other", Long.toString(other));
    }
}
