package dev.rmbee.admin;

import dev.rmbee.registry.AdminStoreException;
import dev.rmbee.registry.AdminTwinStore;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.registry.TwinSource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code /admin/twins}: the twins of the local registry, each with its source. Changes take
 * effect at once: the JWT check of new connections reads the same registry. Input is read with
 * {@link TwinFiles#parseTwin}, so the API accepts exactly what registry files do; bad input answers
 * 400 {@code {"error":"…"}}. A twin the local registry does not have is looked up in the server's
 * registry, so with tfchain one twin of the chain can be read (source {@code chain}).
 * {@code POST /admin/twins/reload} reads {@code rmb.registry.file} again ({@link RegistryFiles}).
 * Changes go through the {@link AdminTwinStore} (memory, {@code rmb.registry.admin-file}, or Redis,
 * shared by every instance); one it cannot keep answers 503 and changes nothing.
 */
@Path("admin/twins")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminTwinsResource {

    @Inject
    LocalTwinRegistry registry;

    @Inject
    TwinRegistry twins;

    @Inject
    AdminTwinStore store;

    @Inject
    RegistryFiles files;

    @Inject
    AdminSettings settings;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest request;

    /** All twins of the local registry, ordered by id, as a registry file. */
    @GET
    public JsonObject list() {
        return TwinJson.twins(registry.entries());
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) {
        int twinId = AdminInput.twinId(id);
        Optional<LocalTwinRegistry.Entry> local = registry.entry(twinId);
        if (local.isPresent()) {
            return TwinJson.twin(local.get().twin(), local.get().source());
        }
        try {
            return twins.find(twinId)
                    .map(twin -> TwinJson.twin(twin, TwinSource.CHAIN))
                    .orElseThrow(() -> notFound(twinId));
        } catch (RegistryException e) {
            throw new AdminException(503, "twin registry unavailable: " + e.getMessage());
        }
    }

    /** Creates (201) or replaces (200) a twin; an id in the body must be the one in the path. */
    @PUT
    @Path("{id}")
    public Response put(@PathParam("id") String id, InputStream body) {
        int twinId = AdminInput.twinId(id);
        JsonObject json = TwinBodies.object(TwinBodies.read(body, settings.maxBodyBytes()));
        if (!json.containsKey("id")) {
            json = Json.createObjectBuilder(json)
                    .add("id", Integer.toUnsignedLong(twinId))
                    .build();
        }
        Twin twin;
        try {
            twin = TwinFiles.parseTwin(json);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
        if (twin.id() != twinId) {
            throw AdminException.badRequest("\"id\" " + Integer.toUnsignedString(twin.id())
                    + " does not match the twin id " + Integer.toUnsignedString(twinId) + " of the path");
        }
        Optional<Twin> previous;
        try {
            previous = store.put(twin);
        } catch (AdminStoreException e) {
            throw unavailable(e);
        }
        AdminAudit.record(
                AdminResponses.actor(settings, request),
                "twin " + Integer.toUnsignedString(twinId) + (previous.isPresent() ? " replaced: " : " created: ")
                        + twin);
        JsonObject stored = TwinJson.twin(twin, TwinSource.ADMIN);
        return previous.isPresent()
                ? Response.ok(stored, TwinJson.MEDIA_TYPE).build()
                : Response.created(uri.getAbsolutePath())
                        .entity(stored)
                        .type(TwinJson.MEDIA_TYPE)
                        .build();
    }

    /** Deletes a twin of the local registry (204); its open connections stay, new ones are refused. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        int twinId = AdminInput.twinId(id);
        Optional<Twin> deleted;
        try {
            deleted = store.delete(twinId);
        } catch (AdminStoreException e) {
            throw unavailable(e);
        }
        if (deleted.isEmpty()) {
            throw notFound(twinId);
        }
        AdminAudit.record(
                AdminResponses.actor(settings, request), "twin " + Integer.toUnsignedString(twinId) + " deleted");
        return Response.noContent().build();
    }

    /**
     * Reads the registry files again: {@code {"files":[…],"loaded":n,"added":n,"changed":n,"removed":n}};
     * 409 without files, 422 for a file that cannot be read or is invalid (the twins stay as they were).
     */
    @POST
    @Path("reload")
    public JsonObject reload() {
        AdminActor actor = AdminResponses.actor(settings, request);
        if (files.isEmpty()) {
            throw new AdminException(409, "rmb.registry.file is not set: there is no file to reload");
        }
        LocalTwinRegistry.Reload reload;
        try {
            reload = store.reload(files);
        } catch (AdminStoreException e) {
            AdminAudit.record(actor, "reload of the registry files failed, twins unchanged: " + e.getMessage());
            throw unavailable(e);
        } catch (RegistryException e) {
            AdminAudit.record(actor, "reload of the registry files failed, twins unchanged: " + e.getMessage());
            throw new AdminException(422, e.getMessage() + " (the twins stay as they were)");
        }
        AdminAudit.record(actor, "reloaded the registry files: " + reload);
        return TwinJson.reload(files, reload);
    }

    /** 503: the change could not be kept (the admin's twins file, Redis), so nothing changed. */
    private static AdminException unavailable(AdminStoreException e) {
        return new AdminException(503, e.getMessage());
    }

    private static AdminException notFound(int twinId) {
        return AdminException.notFound("twin " + Integer.toUnsignedString(twinId) + " not found");
    }
}
