package dev.rmbee.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Every other error of the JAX-RS runtime or the resources (405, 406, 415, 400 …) is answered
 * here, so none goes unmapped: with MicroProfile Metrics on, Liberty adds to an unmapped error's
 * response a header that echoes the request URL, query string included — and a twin's query
 * string is its token. A response a resource built with a body of its own is kept as it is; any
 * other gets the status and its reason phrase as a short plain-text body (a 405 keeps its
 * {@code Allow} header). 404 stays {@link PageNotFound}'s (the more specific mapper).
 */
@Provider
public class WebErrors implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        Response.StatusType status = original.getStatusInfo();
        String reason = status.getReasonPhrase();
        Response.ResponseBuilder answer = Response.status(status.getStatusCode())
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(reason == null || reason.isBlank() ? "error" : reason.toLowerCase(Locale.ROOT));
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }
}
