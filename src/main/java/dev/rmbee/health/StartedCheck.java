package dev.rmbee.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup {@value #NAME}: UP once the application has started, that is once every part was built
 * at deployment (a part that cannot be built fails the deployment, and Liberty then reports the
 * application not started: DOWN).
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    static final String NAME = "deployment";

    private volatile Instant started;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        started = Instant.now();
    }

    @Override
    public HealthCheckResponse call() {
        Instant at = started;
        HealthReport report = HealthReport.named(NAME);
        return (at == null ? report.down("deployment", "starting") : report.with("started", at.toString())).build();
    }
}
