package dev.rmbee.health;

import dev.rmbee.relay.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness {@value #NAME}: the application answers; reports the connected sessions, read from
 * memory (no I/O, so that a slow Redis or chain never gets the server restarted).
 */
@Liveness
@ApplicationScoped
public class RelayLiveCheck implements HealthCheck {

    static final String NAME = "relay";

    @Inject
    SessionRegistry sessions;

    @Override
    public HealthCheckResponse call() {
        return HealthReport.named(NAME).with("sessions", sessions.size()).build();
    }
}
