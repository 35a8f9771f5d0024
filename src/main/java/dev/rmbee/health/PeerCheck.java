package dev.rmbee.health;

import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.web.PeerModeSettings;
import dev.rmbee.web.PeerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: in peer mode ({@code rmb.peer.enabled}), at least one relay link is up
 * and the local API's Redis answers. Each link is listed as {@code relay <url>}: {@code up}, or
 * {@code down} with the last error.
 */
@Readiness
@ApplicationScoped
public class PeerCheck implements HealthCheck {

    static final String NAME = "peer";

    @Inject
    PeerModeSettings settings;

    @Inject
    PeerService peer;

    @Inject
    RedisProbe redis;

    @Override
    public HealthCheckResponse call() {
        if (!settings.enabled()) {
            return HealthReport.named(NAME).with("peer", "off").build();
        }
        return report(peer.linkStatus(), redis.reachable()).build();
    }

    static HealthReport report(List<LinkStatus> links, boolean localRedis) {
        HealthReport report = HealthReport.named(NAME);
        for (LinkStatus link : links) {
            report.with("relay " + link.relay(), link.connected() ? "up" : down(link));
        }
        if (links.stream().noneMatch(LinkStatus::connected)) {
            report.down("relays", "no relay link is up");
        }
        return localRedis ? report.with("local-redis", "up") : report.down("local-redis", "not answering");
    }

    private static String down(LinkStatus link) {
        return link.lastError() == null ? "down" : "down: " + link.lastError();
    }
}
