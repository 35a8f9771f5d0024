package dev.rmbee.bench.echo;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.logging.Logger;

/**
 * Registers the {@link EchoEndpoint} at {@value EchoEndpoint#PATH} of this archive when it is
 * deployed, as the relay registered the echo it used to carry (programmatically: the endpoint class
 * has no {@code @ServerEndpoint}).
 */
@WebListener
public class EchoRegistration implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(EchoRegistration.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServerContainer container =
                (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("the benchmark echo needs a WebSocket container");
        }
        try {
            container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, EchoEndpoint.PATH)
                    .build());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the benchmark echo at " + EchoEndpoint.PATH, e);
        }
        String at = event.getServletContext().getContextPath() + EchoEndpoint.PATH;
        LOG.warning(() ->
                "an unauthenticated WebSocket echo listens at " + at + " (for benchmarks only, never in production)");
    }
}
