package dev.rmbee.admin;

import dev.rmbee.async.AsyncResults;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/** How the admin API's resources answer: JSON, asynchronous results, failures, who asked. */
final class AdminResponses {

    private static final Logger LOG = Logger.getLogger(AdminResponses.class.getName());

    private AdminResponses() {}

    static Response ok(JsonObject body) {
        return Response.ok(body, TwinJson.MEDIA_TYPE).build();
    }

    /**
     * Resumes {@code response} with {@code result}: 200 and its JSON, an {@link AdminException}'s
     * status, or 503 when the backend (Redis) failed.
     */
    static void resume(AsyncResponse response, CompletionStage<JsonObject> result) {
        result.whenComplete((json, error) -> response.resume(error == null ? ok(json) : failure(error)));
    }

    private static Response failure(Throwable error) {
        Throwable cause = AsyncResults.unwrap(error);
        if (cause instanceof AdminException refused) {
            return new AdminExceptionMapper().toResponse(refused);
        }
        String message = AsyncResults.describe(cause);
        LOG.warning(() -> "admin API: answered 503: " + message);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(TwinJson.error(message))
                .type(TwinJson.MEDIA_TYPE)
                .build();
    }

    /** Who made the request: the configured (and authenticated) user and the remote address. */
    static AdminActor actor(AdminSettings settings, HttpServletRequest request) {
        String user = settings.credentials().map(AdminCredentials::user).orElse("?");
        return new AdminActor(user, request.getRemoteAddr());
    }
}
