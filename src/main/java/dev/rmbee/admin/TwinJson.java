package dev.rmbee.admin;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinSource;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Twins as the admin API shows them, in the shape of registry files (what
 * {@link dev.rmbee.registry.TwinFiles} reads): {@code {"id":1,"account":"0x…","relays":["…"],"pk":"0x…"|null,
 * "source":"file"|"admin"|"chain"}}, relays sorted; a list is {@code {"twins":[…]}}, itself a valid
 * registry file (files ignore {@code source}).
 */
final class TwinJson {

    static final MediaType MEDIA_TYPE = MediaType.APPLICATION_JSON_TYPE;

    private TwinJson() {}

    static JsonObject twin(Twin twin, TwinSource source) {
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
        return json.add("source", source.name().toLowerCase(Locale.ROOT)).build();
    }

    static JsonObject twins(Collection<LocalTwinRegistry.Entry> twins) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        twins.forEach(entry -> list.add(twin(entry.twin(), entry.source())));
        return Json.createObjectBuilder().add("twins", list).build();
    }

    /** The outcome of a reload: {@code {"files":[…],"loaded":n,"added":n,"changed":n,"removed":n}}. */
    static JsonObject reload(RegistryFiles files, LocalTwinRegistry.Reload reload) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        files.files().forEach(file -> names.add(file.toAbsolutePath().toString()));
        return Json.createObjectBuilder()
                .add("files", names)
                .add("loaded", reload.loaded())
                .add("added", reload.added())
                .add("changed", reload.changed())
                .add("removed", reload.removed())
                .build();
    }

    static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
