package dev.rmbee.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The health checks' settings (rmb.health.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class HealthSettings {

    @Inject
    @ConfigProperty(name = "rmb.health.redis-timeout", defaultValue = "500")
    long redisTimeoutMillis;

    /** How long the readiness check waits for Redis to answer a PING. */
    public Duration redisTimeout() {
        if (redisTimeoutMillis < 1) {
            throw new IllegalArgumentException("rmb.health.redis-timeout must be at least 1 (milliseconds)");
        }
        return Duration.ofMillis(redisTimeoutMillis);
    }
}
