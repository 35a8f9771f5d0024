package dev.rmbee.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * While the administration API is disabled, and on every port but its own when {@code
 * rmb.admin.port} gives it one, every request under {@code /admin} answers exactly as an unknown
 * path does, whatever its method. It runs before resource matching, so not even the 405 or the
 * automatic {@code OPTIONS} answer of the JAX-RS runtime give the API away.
 */
@Provider
@PreMatching
@ApplicationScoped
public class DisabledAdminFilter implements ContainerRequestFilter {

    static final String PATH = "admin";

    @Inject
    AdminSettings settings;

    /** The port the request came in on is the socket's (a Host header could name any port). */
    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isAdminPath(request.getUriInfo().getPathSegments()) && !settings.servedOn(servletRequest.getLocalPort())) {
            throw new NotFoundException();
        }
    }

    static boolean isAdminPath(List<PathSegment> segments) {
        return segments.stream()
                .map(PathSegment::getPath)
                .filter(segment -> !segment.isEmpty())
                .findFirst()
                .map(PATH::equals)
                .orElse(false);
    }
}
