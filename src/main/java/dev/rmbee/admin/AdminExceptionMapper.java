package dev.rmbee.admin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link AdminException} with its status and {@code {"error":"…"}}. */
@Provider
public class AdminExceptionMapper implements ExceptionMapper<AdminException> {

    @Override
    public Response toResponse(AdminException exception) {
        return Response.status(exception.status())
                .entity(TwinJson.error(exception.getMessage()))
                .type(TwinJson.MEDIA_TYPE)
                .build();
    }
}
