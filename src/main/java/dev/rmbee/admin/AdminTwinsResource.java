package dev.rmbee.admin;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /admin/twins}: the twins of the local registry. Changes take effect at once: the JWT check
 * of new connections reads the same registry. Input is read with {@link TwinFiles#parseTwin}, so the
 * API accepts exactly what registry files do; bad input answers 400 {@code {"error":"…"}}.
 */
@Path("admin/twins")
@AdminProtected
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminTwinsResource {

    private static final Logger LOG = Logger.getLogger(AdminTwinsResource.class.getName());
    private static final long MAX_TWIN_ID = 0xFFFF_FFFFL;

    @Inject
    LocalTwinRegistry registry;

    @Context
    UriInfo uri;

    /** All twins, ordered by id, as a registry file. */
    @GET
    public JsonObject list() {
        return TwinJson.twins(registry.all());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        int twinId = twinId(id);
        return registry.find(twinId)
                .map(twin ->
                        Response.ok(TwinJson.twin(twin), TwinJson.MEDIA_TYPE).build())
                .orElseGet(() -> notFound(twinId));
    }

    /** Creates (201) or replaces (200) a twin; an id in the body must be the one in the path. */
    @PUT
    @Path("{id}")
    public Response put(@PathParam("id") String id, byte[] body) {
        int twinId = twinId(id);
        JsonObject json = jsonObject(body);
        if (!json.containsKey("id")) {
            json = Json.createObjectBuilder(json)
                    .add("id", Integer.toUnsignedLong(twinId))
                    .build();
        }
        Twin twin;
        try {
            twin = TwinFiles.parseTwin(json);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        if (twin.id() != twinId) {
            throw badRequest("\"id\" " + Integer.toUnsignedString(twin.id()) + " does not match the twin id "
                    + Integer.toUnsignedString(twinId) + " of the path");
        }
        Optional<Twin> previous = registry.put(twin);
        LOG.info(() -> "admin API: twin " + Integer.toUnsignedString(twinId)
                + (previous.isPresent() ? " replaced: " : " created: ") + twin);
        JsonObject stored = TwinJson.twin(twin);
        return previous.isPresent()
                ? Response.ok(stored, TwinJson.MEDIA_TYPE).build()
                : Response.created(uri.getAbsolutePath())
                        .entity(stored)
                        .type(TwinJson.MEDIA_TYPE)
                        .build();
    }

    /** Deletes a twin (204); its open connections stay, new ones are refused. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        int twinId = twinId(id);
        Optional<Twin> removed = registry.remove(twinId);
        if (removed.isEmpty()) {
            return notFound(twinId);
        }
        LOG.info(() -> "admin API: twin " + Integer.toUnsignedString(twinId) + " deleted");
        return Response.noContent().build();
    }

    private static int twinId(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badRequest("twin id must be an integer between 1 and 4294967295");
        }
        long id = Long.parseLong(text);
        if (id < 1 || id > MAX_TWIN_ID) {
            throw badRequest("twin id must be an integer between 1 and 4294967295");
        }
        return (int) id;
    }

    /** The body as one JSON object and nothing else (any encoding JSON allows). */
    private static JsonObject jsonObject(byte[] body) {
        String expected = "the request body must be a twin as a JSON object";
        if (body == null || body.length == 0) {
            throw badRequest(expected);
        }
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw badRequest(expected);
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw badRequest("malformed JSON: more content after the twin object");
            }
            return object;
        } catch (JsonException e) {
            throw badRequest("malformed JSON: " + e.getMessage());
        }
    }

    private static Response notFound(int twinId) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(TwinJson.error("twin " + Integer.toUnsignedString(twinId) + " not found"))
                .type(TwinJson.MEDIA_TYPE)
                .build();
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                .entity(TwinJson.error(message))
                .type(TwinJson.MEDIA_TYPE)
                .build());
    }
}
