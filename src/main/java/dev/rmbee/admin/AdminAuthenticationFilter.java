package dev.rmbee.admin;

import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HTTP Basic authentication of the administration API. While the API is disabled every request
 * answers exactly as an unknown path does; without valid credentials it answers 401 with a
 * {@code WWW-Authenticate} challenge. A remote address that sent too many wrong user and password
 * pairs is locked out ({@link LoginLockout}): 429 with {@code Retry-After}, credentials unchecked.
 */
@Provider
@AdminProtected
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"rmb-admin\"";
    static final int TOO_MANY_REQUESTS = 429;

    private static final Logger LOG = Logger.getLogger(AdminAuthenticationFilter.class.getName());

    @Inject
    AdminSettings settings;

    @Context
    HttpServletRequest servletRequest;

    private LoginLockout lockout;
    /** Refused logins come at the rate of whoever sends them: a line a minute per kind, with a count. */
    private final LogThrottle refusals = LogThrottle.perInterval();

    @PostConstruct
    void start() {
        lockout = new LoginLockout(settings.lockout(), Clock.systemUTC());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<AdminCredentials> credentials = settings.credentials();
        if (credentials.isEmpty()) {
            // mapped like any unknown path: the API is not there
            throw new NotFoundException();
        }
        String address = servletRequest.getRemoteAddr();
        Optional<Duration> locked = lockout.lockedOut(address);
        if (locked.isPresent()) {
            request.abortWith(lockedOut(locked.get()));
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        switch (credentials.get().check(authorization)) {
            case ACCEPTED -> lockout.succeeded(address);
            case WRONG -> {
                if (lockout.failed(address)) {
                    LOG.warning(() -> "admin API: " + address + " locked out for "
                            + lockout.limits().lockout().toSeconds() + " s after "
                            + lockout.limits().failures() + " failed logins");
                } else {
                    refused("wrong credentials", address);
                }
                request.abortWith(challenge());
            }
            case NONE -> {
                if (authorization != null) {
                    refused("unreadable credentials", address);
                }
                request.abortWith(challenge());
            }
        }
    }

    private void refused(String why, String address) {
        refusals.log(
                why,
                LOG,
                Level.INFO,
                LogFields.none().and("remote", address),
                () -> "admin API: refused a request with " + why);
    }

    private static Response challenge() {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(TwinJson.error("authentication required"))
                .type(TwinJson.MEDIA_TYPE)
                .build();
    }

    /** 429, with the whole seconds left (rounded up) in {@code Retry-After} and the error text. */
    static Response lockedOut(Duration left) {
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        return Response.status(TOO_MANY_REQUESTS, "Too Many Requests")
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .entity(TwinJson.error("too many failed logins from this address: try again in " + seconds + " s"))
                .type(TwinJson.MEDIA_TYPE)
                .build();
    }
}
