package dev.rmbee.web;

import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failure no resource expected (any exception but a {@code WebApplicationException}, which
 * {@link WebErrors} answers) is a plain 500 {@code internal error}, built here for the same reason:
 * an unmapped error's response would carry Liberty's header echoing the request URL and its query.
 * One line per kind of exception a minute, with a count, instead of a stack trace per request.
 */
@Provider
public class UnexpectedErrors implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrors.class.getName());
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    @Override
    public Response toResponse(RuntimeException exception) {
        String kind = exception.getClass().getName();
        FAILURES.log(kind, LOG, Level.WARNING, LogFields.none(), () -> "request failed unexpectedly: " + kind);
        return Response.status(Response.Status.INTERNAL_SERVER_ERROR)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity("internal error")
                .build();
    }
}
