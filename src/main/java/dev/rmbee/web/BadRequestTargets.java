package dev.rmbee.web;

import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers 400 {@code bad request} to a request whose raw path {@link RequestTargets} refuses
 * ({@code GET /{}, {@code /a|b}, {@code /%ff}), before the JAX-RS runtime fails on it. Such
 * requests come at the rate of whoever sends them: one line a minute with a count, never the path.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BadRequestTargets extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BadRequestTargets.class.getName());
    private static final LogThrottle REFUSALS = LogThrottle.perInterval();

    static final String TEXT = "bad request";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> problem = RequestTargets.problem(request.getRequestURI());
        if (problem.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        REFUSALS.log(
                problem.get(),
                LOG,
                Level.INFO,
                LogFields.none().and("remote", request.getRemoteAddr()),
                () -> "refused a request: " + problem.get());
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(TEXT);
    }
}
