package dev.rmbee.web;

import dev.rmbee.admin.AdminCredentials;
import dev.rmbee.admin.AdminSettings;
import dev.rmbee.logging.StartupSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Logs the start-up line ({@link StartupSummary}) at deployment, from the settings: the one line
 * that tells what this server runs as. A setting that cannot be read shows as {@code invalid} here;
 * the bean that uses it fails the deployment naming the problem.
 */
@ApplicationScoped
public class StartupLog {

    private static final Logger LOG = Logger.getLogger(StartupLog.class.getName());
    private static final String INVALID = "invalid";

    @Inject
    RelaySettings relay;

    @Inject
    RedisSettings redis;

    @Inject
    RegistrySettings registry;

    @Inject
    ChainSettings chain;

    @Inject
    FederationSettings federation;

    @Inject
    PeerModeSettings peer;

    @Inject
    AdminSettings admin;

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.info(() -> StartupSummary.line(facts()));
    }

    StartupSummary.Facts facts() {
        return new StartupSummary.Facts(
                BuildInfo.version(),
                relay.domains(),
                redis.url(),
                redis.cluster(),
                registry.file(),
                list(() -> chain.urls().stream().map(URI::toString).toList()),
                new StartupSummary.Limits(
                        relay.maxSessions(),
                        relay.maxMessageBytes(),
                        relay.limitCount(),
                        relay.limitBytes(),
                        relay.limitWindowSeconds(),
                        relay.queueMaxLength(),
                        relay.queueExpiry().toSeconds()),
                text(federation::scheme),
                peer.enabled() ? Optional.of(peerFacts()) : Optional.empty(),
                admin.credentials().map(AdminCredentials::user));
    }

    private StartupSummary.Peer peerFacts() {
        return new StartupSummary.Peer(
                text(() -> peer.keyType().name().toLowerCase(Locale.ROOT)), peer.twin(), list(peer::relays));
    }

    /** The setting's value, or {@code invalid} when it cannot be read. */
    private static String text(Supplier<String> setting) {
        try {
            return setting.get();
        } catch (RuntimeException e) {
            return INVALID;
        }
    }

    /** The setting's values, or {@code [invalid]} when it cannot be read. */
    private static List<String> list(Supplier<List<String>> setting) {
        try {
            return setting.get();
        } catch (RuntimeException e) {
            return List.of(INVALID);
        }
    }
}
