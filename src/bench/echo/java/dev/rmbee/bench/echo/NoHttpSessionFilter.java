package dev.rmbee.bench.echo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Upgrades to the echo get no HTTP session, as the relay's login filter gives its own upgrades none
 * (Liberty's handshake would otherwise create one, and a {@code JSESSIONID}, per connection): the
 * echo's sockets cost the server what the relay's cost, minus the token check.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class NoHttpSessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new WithoutHttpSession(request), response);
    }

    /** A request on which no HTTP session is created; an existing one is still returned. */
    private static final class WithoutHttpSession extends HttpServletRequestWrapper {

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
}
