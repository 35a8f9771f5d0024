package dev.rmbee.web;

import dev.rmbee.auth.TokenVerifier;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.EnvelopeProcessor;
import dev.rmbee.relay.SessionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the relay's plain-Java core once per application from its configuration and hands it to
 * the endpoints. Started eagerly so a bad registry file fails the deployment, not the first client.
 */
@ApplicationScoped
public class RelayServices {

    private static final Logger LOG = Logger.getLogger(RelayServices.class.getName());

    @Inject
    @ConfigProperty(name = "rmb.registry.file")
    Optional<String> registryFile;

    private final Clock clock = Clock.systemUTC();
    private LocalTwinRegistry registry;
    private SessionRegistry sessions;
    private EnvelopeProcessor processor;
    private TokenVerifier tokenVerifier;

    @PostConstruct
    void start() {
        registry = new LocalTwinRegistry();
        if (registryFile.isPresent() && !registryFile.get().isBlank()) {
            Path file = Path.of(registryFile.get());
            try {
                TwinFiles.read(file).forEach(registry::put);
            } catch (RegistryException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            LOG.info(() -> "loaded " + registry.size() + " twins from " + file.toAbsolutePath());
        } else {
            LOG.warning("rmb.registry.file is not set: the twin registry starts empty");
        }
        sessions = new SessionRegistry();
        processor = new EnvelopeProcessor(sessions, clock);
        tokenVerifier = new TokenVerifier(registry, clock);
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // touching the bean makes CDI create it (and run start()) at deployment time
        LOG.fine(() -> "relay core ready with " + registry.size() + " twins");
    }

    public LocalTwinRegistry registry() {
        return registry;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public EnvelopeProcessor processor() {
        return processor;
    }

    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    public Clock clock() {
        return clock;
    }
}
