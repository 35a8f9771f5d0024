package dev.rmbee.health;

import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.registry.LocalTwinRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@value #NAME}: the local registry is loaded (the deployment fails otherwise, so this
 * reports its size), and with {@code rmb.chain.urls} a tfchain node is connected.
 */
@Readiness
@ApplicationScoped
public class RegistryCheck implements HealthCheck {

    static final String NAME = "registry";

    @Inject
    LocalTwinRegistry local;

    @Inject
    Optional<ChainTwins> chain;

    /** What the check reads of the chain: the node connected, or why none is; the last block followed. */
    record ChainState(Optional<URI> node, Optional<String> unavailable, long followedBlock) {}

    @Override
    public HealthCheckResponse call() {
        return report(
                        local.size(),
                        chain.map(twins -> new ChainState(twins.nodeUrl(), twins.unavailable(), twins.followedBlock())))
                .build();
    }

    static HealthReport report(int localTwins, Optional<ChainState> chain) {
        HealthReport report = HealthReport.named(NAME).with("local-twins", localTwins);
        if (chain.isEmpty()) {
            return report.with("tfchain", "not configured");
        }
        ChainState state = chain.get();
        if (state.node().isEmpty()) {
            return report.down("tfchain", state.unavailable().orElse("no tfchain node connected"));
        }
        report.with("tfchain", state.node().get().toString());
        return state.followedBlock() < 0 ? report : report.with("tfchain-block", state.followedBlock());
    }
}
