package dev.rmbee.admin;

import dev.rmbee.registry.Twin;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Twins as the admin API shows them, in the shape of registry files (what
 * {@link dev.rmbee.registry.TwinFiles} reads): {@code {"id":1,"account":"0x…","relays":["…"],"pk":"0x…"|null}},
 * relays sorted; a list is {@code {"twins":[…]}}, itself a valid registry file.
 */
final class TwinJson {

    static final MediaType MEDIA_TYPE = MediaType.APPLICATION_JSON_TYPE;

    private TwinJson() {}

    static JsonObject twin(Twin twin) {
        JsonArrayBuilder relays = Json.createArrayBuilder();
        twin.relays().stream().sorted().forEach(relays::add);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", Integer.toUnsignedLong(twin.id()))
                .add("account", hex(twin.account()))
                .add("relays", relays);
        byte[] pk = twin.pk();
        if (pk == null) {
            json.addNull("pk");
        } else {
            json.add("pk", hex(pk));
        }
        return json.build();
    }

    static JsonObject twins(Collection<Twin> twins) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        twins.forEach(twin -> list.add(twin(twin)));
        return Json.createObjectBuilder().add("twins", list).build();
    }

    static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
