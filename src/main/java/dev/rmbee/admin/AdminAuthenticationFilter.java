package dev.rmbee.admin;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * HTTP Basic authentication of the administration API. While the API is disabled every request
 * answers exactly as an unknown path does; without valid credentials it answers 401 with a
 * {@code WWW-Authenticate} challenge.
 */
@Provider
@AdminProtected
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"rmb-admin\"";

    private static final Logger LOG = Logger.getLogger(AdminAuthenticationFilter.class.getName());

    @Inject
    AdminSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<AdminCredentials> credentials = settings.credentials();
        if (credentials.isEmpty()) {
            // mapped like any unknown path: the API is not there
            throw new NotFoundException();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!credentials.get().accepts(authorization)) {
            if (authorization != null) {
                LOG.info(() -> "admin API: refused " + request.getMethod() + " with wrong credentials");
            }
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .entity(TwinJson.error("authentication required"))
                    .type(TwinJson.MEDIA_TYPE)
                    .build());
        }
    }
}
