package dev.rmbee.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@value #NAME}: with {@code rmb.redis.url}, every Redis node answers a PING. */
@Readiness
@ApplicationScoped
public class RedisCheck implements HealthCheck {

    static final String NAME = "redis";

    @Inject
    RedisProbe redis;

    @Override
    public HealthCheckResponse call() {
        Optional<String> where = redis.where();
        return report(where, where.isPresent() && redis.reachable(), redis.timeout())
                .build();
    }

    static HealthReport report(Optional<String> where, boolean reachable, Duration timeout) {
        HealthReport report = HealthReport.named(NAME);
        if (where.isEmpty()) {
            return report.with("redis", "not configured");
        }
        return reachable
                ? report.with("redis", where.get())
                : report.down("redis", where.get() + " did not answer PING within " + timeout.toMillis() + " ms");
    }
}
