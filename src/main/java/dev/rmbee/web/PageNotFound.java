package dev.rmbee.web;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every request that no resource serves answers as the reference relay does (relay.md §2): 404 with
 * the plain-text body {@code page not found}. The response is built here, so nothing of the request
 * (path, query string, which may be a token) is echoed back in its body or headers.
 */
@Provider
public class PageNotFound implements ExceptionMapper<NotFoundException> {

    static final String TEXT = "page not found";

    @Override
    public Response toResponse(NotFoundException exception) {
        return Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(TEXT)
                .build();
    }
}
