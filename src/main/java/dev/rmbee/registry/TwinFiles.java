package dev.rmbee.registry;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
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
 * (the format of the shared twins.json; other members such as {@code name} are ignored). Each field
 * is checked as {@link TwinFields} says.
 */
public final class TwinFiles {

    private static final BigDecimal MAX_TWIN_ID = BigDecimal.valueOf(0xFFFF_FFFFL);

    private TwinFiles() {}

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
                if (!(entries.get(i) instanceof JsonObject entry)) {
                    throw new IllegalArgumentException("must be a JSON object");
                }
                twins.add(parseTwin(entry));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("twin #" + i + ": " + e.getMessage(), e);
            }
        }
        return twins;
    }

    /**
     * One twin record, as in registry files and the admin API.
     *
     * @throws IllegalArgumentException naming the member that is missing, of the wrong type or invalid
     */
    public static Twin parseTwin(JsonObject entry) {
        if (!(entry.get("id") instanceof JsonNumber id)
                || !id.isIntegral()
                || id.bigDecimalValue().compareTo(BigDecimal.ONE) < 0
                || id.bigDecimalValue().compareTo(MAX_TWIN_ID) > 0) {
            throw new IllegalArgumentException("\"id\" must be an integer between 1 and 4294967295");
        }
        long twinId = id.longValueExact();
        byte[] account = entry.get("account") instanceof JsonString text ? hex(text.getString(), "account") : null;
        if (account == null || account.length != 32) {
            throw new IllegalArgumentException("\"account\" must be 32 bytes of hex");
        }
        Set<String> relays = new LinkedHashSet<>();
        JsonValue relayValue = entry.get("relays");
        if (relayValue instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (!(value instanceof JsonString relay)) {
                    throw new IllegalArgumentException("\"relays\" must be an array of strings");
                }
                relays.add(TwinFields.relay(relay.getString()));
            }
        } else if (relayValue instanceof JsonString joined) {
            // tfchain stores the relay list as one string joined by '_'
            for (String relay : joined.getString().split("_")) {
                if (!relay.isEmpty()) {
                    relays.add(TwinFields.relay(relay));
                }
            }
        } else if (relayValue != null && relayValue.getValueType() != JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("\"relays\" must be an array of strings or one '_'-joined string");
        }
        JsonValue pkValue = entry.get("pk");
        byte[] pk;
        if (pkValue instanceof JsonString text) {
            pk = TwinFields.pk(hex(text.getString(), "pk"));
        } else if (pkValue == null || pkValue.getValueType() == JsonValue.ValueType.NULL) {
            pk = null;
        } else {
            throw new IllegalArgumentException("\"pk\" must be a hex string or null");
        }
        TwinFields.relays(relays);
        return new Twin((int) twinId, account, relays, pk);
    }

    /**
     * One twin record as registry files hold it (what {@link #parseTwin} reads back):
     * {@code {"id":1,"account":"0x…","relays":["…"],"pk":"0x…"|null}}, relays sorted.
     */
    public static JsonObject toJson(Twin twin) {
        JsonArrayBuilder relays = Json.createArrayBuilder();
        twin.relays().stream().sorted().forEach(relays::add);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Integer.toUnsignedLong(twin.id()))
                .add("account", "0x" + HexFormat.of().formatHex(twin.account()))
                .add("relays", relays);
        byte[] pk = twin.pk();
        return (pk == null
                        ? json.addNull("pk")
                        : json.add("pk", "0x" + HexFormat.of().formatHex(pk)))
                .build();
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
