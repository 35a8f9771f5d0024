package dev.rmbee.web;

import dev.rmbee.auth.AuthenticationException;
import dev.rmbee.auth.TokenVerifier;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.wire.SessionKey;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates WebSocket upgrades before the handshake, so a refused token gets a plain HTTP
 * status (400 missing, 401 refused, 503 registry unavailable, relay full or the twin's sessions at
 * their cap) instead of an opened socket. The token is the raw, undecoded query string.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UpgradeAuthenticationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(UpgradeAuthenticationFilter.class.getName());
    /** Refused upgrades come at the rate of whoever sends them: logged once a minute per kind, with a count. */
    private static final LogThrottle REFUSALS = LogThrottle.perInterval();

    @Inject
    transient SessionRegistry sessions;

    @Inject
    transient TokenVerifier tokenVerifier;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isWebSocketUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!sessions.hasRoom()) {
            REFUSALS.log(
                    "max-users",
                    LOG,
                    Level.WARNING,
                    LogFields.none().and("remote", request.getRemoteAddr()),
                    () -> "refused a connection: max number of users");
            refuse(response, 503, SessionRegistry.FULL);
            return;
        }
        SessionKey session;
        try {
            session = tokenVerifier.verify(request.getQueryString()).session();
        } catch (AuthenticationException e) {
            REFUSALS.log(
                    "status-" + e.status(),
                    LOG,
                    Level.INFO,
                    // the reason can quote what the client sent: as a field it is quoted and escaped
                    LogFields.none().and("remote", request.getRemoteAddr()).and("reason", e.getMessage()),
                    () -> "refused a connection: HTTP " + e.status());
            refuse(response, e.status(), e.getMessage());
            return;
        }
        if (!sessions.hasRoomFor(session)) {
            REFUSALS.log(
                    "max-sessions-per-twin",
                    LOG,
                    Level.WARNING,
                    LogFields.twin(session.twin()).and("remote", request.getRemoteAddr()),
                    () -> "refused a connection: " + SessionRegistry.TWIN_FULL);
            refuse(response, 503, SessionRegistry.TWIN_FULL);
            return;
        }
        HandshakeAddress.set(request.getRemoteAddr());
        try {
            chain.doFilter(new VerifiedUpgrade(request, session), response);
        } finally {
            HandshakeAddress.clear();
        }
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(reason);
    }

    /**
     * A verified upgrade request as the WebSocket container sees it: its query string is the
     * session the token named ({@code twin} or {@code twin:sid}, what {@link RelayEndpoint} reads),
     * not the token, and it has no parameters. Liberty keeps the handshake's query string and
     * parameters with the connection and writes them into FFDC incident files when something
     * fails on the socket; the token must not end up there.
     */
    static final class VerifiedUpgrade extends WithoutHttpSession {

        private final String session;

        VerifiedUpgrade(HttpServletRequest request, SessionKey session) {
            super(request);
            this.session = session.toString();
        }

        @Override
        public String getQueryString() {
            return session;
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }

    /**
     * An upgrade request on which no HTTP session is created. Liberty's WebSocket handshake asks
     * for one on every upgrade ({@code getSession()}, for {@code HandshakeRequest.getHttpSession()},
     * which nothing here reads): each connection would get a {@code JSESSIONID} cookie and a session
     * object that stays in memory until the session timeout (30 minutes by default), also long
     * after its socket closed. An already existing session is still returned.
     */
    static class WithoutHttpSession extends HttpServletRequestWrapper {

        WithoutHttpSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return super.getSession(false);
        }

        @Override
        public HttpSession getSession(boolean create) {
            return super.getSession(false);
        }
    }

    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        String connection = request.getHeader("Connection");
        return upgrade != null
                && connection != null
                && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }
}
