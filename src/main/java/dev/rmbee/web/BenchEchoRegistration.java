package dev.rmbee.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.logging.Logger;

/**
 * Registers the benchmark echo ({@link BenchEchoEndpoint}) at deployment when
 * {@code rmb.bench.echo} is true; otherwise nothing exists at {@value BenchEchoEndpoint#PATH}.
 * Programmatic registration: the endpoint class has no {@code @ServerEndpoint}, so the container
 * never deploys it by itself.
 */
@WebListener
public class BenchEchoRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(BenchEchoRegistration.class.getName());

    @Inject
    RelaySettings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!settings.benchEcho()) {
            return;
        }
        ServerContainer container =
                (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("rmb.bench.echo is set but there is no WebSocket container");
        }
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(BenchEchoEndpoint.class, BenchEchoEndpoint.PATH)
                    .build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the benchmark echo at " + BenchEchoEndpoint.PATH, e);
        }
        LOG.warning(() -> "rmb.bench.echo is on: an unauthenticated WebSocket echo listens at " + BenchEchoEndpoint.PATH
                + " (for benchmarks only, never in production)");
    }
}
