package dev.rmbee.registry;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads twin registry files: {@code {"twins":[{"id":1,"account":"0x…","relays":["…"],"pk":"0x…"|null}]}}
 * (the format of the shared twins.json; other members such as {@code name} are ignored).
 */
public final class TwinFiles {

    private TwinFiles() {
    }

    public static List<Twin> read(Path file) throws RegistryException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = Json.createReader(reader)) {
            return parse(json.readObject());
        } catch (IOException e) {
            throw new RegistryException("cannot read twin registry file " + file + ": " + e.getMessage(), e);
        } catch (JsonParsingException | ClassCastException e) {
            throw new RegistryException("twin registry file " + file + " is not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("twin registry file " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Twin> parse(JsonObject root) {
        JsonArray entries = root.getJsonArray("twins");
        if (entries == null) {
            throw new IllegalArgumentException("missing \"twins\" array");
        }
        List<Twin> twins = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                twins.add(parseTwin(entries.getJsonObject(i)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("twin #" + i + ": " + e.getMessage(), e);
            }
        }
        return twins;
    }

    /** One twin record, as in registry files and the admin API. */
    public static Twin parseTwin(JsonObject entry) {
        JsonNumber id = entry.getJsonNumber("id");
        if (id == null || !id.isIntegral()) {
            throw new IllegalArgumentException("\"id\" must be an integer");
        }
        long twinId = id.longValueExact();
        if (twinId < 1 || twinId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("\"id\" must be between 1 and 4294967295");
        }
        byte[] account = hex(entry.getString("account", null), "account");
        if (account == null || account.length != 32) {
            throw new IllegalArgumentException("\"account\" must be 32 bytes of hex");
        }
        Set<String> relays = new LinkedHashSet<>();
        JsonValue relayValue = entry.get("relays");
        if (relayValue instanceof JsonArray array) {
            for (JsonValue value : array) {
                relays.add(((JsonString) value).getString());
            }
        } else if (relayValue instanceof JsonString joined) {
            // tfchain stores the relay list as one string joined by '_'
            for (String relay : joined.getString().split("_")) {
                if (!relay.isEmpty()) {
                    relays.add(relay);
                }
            }
        }
        JsonValue pkValue = entry.get("pk");
        byte[] pk = pkValue instanceof JsonString text ? hex(text.getString(), "pk") : null;
        return new Twin((int) twinId, account, relays, pk);
    }

    private static byte[] hex(String text, String field) {
        if (text == null) {
            return null;
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not valid hex");
        }
    }
}
