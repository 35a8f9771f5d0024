package dev.rmbee.health;

import dev.rmbee.federation.FederationGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: the federation workers that send foreign twins' envelopes to their
 * relays are running (they stop only when the application goes down, or when the server's executor
 * refuses them).
 */
@Readiness
@ApplicationScoped
public class FederationCheck implements HealthCheck {

    static final String NAME = "federation";

    @Inject
    FederationGateway federation;

    @Override
    public HealthCheckResponse call() {
        return report(federation.running()).build();
    }

    static HealthReport report(boolean running) {
        HealthReport report = HealthReport.named(NAME);
        return running ? report.with("workers", "running") : report.down("workers", "stopped");
    }
}
