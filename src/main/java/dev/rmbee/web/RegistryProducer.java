package dev.rmbee.web;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The server's twin registry, loaded at deployment from {@code rmb.registry.file}: an unreadable
 * or invalid file fails the deployment with the setting's name. The relay, the federation, the
 * peer and the admin API all read (and the admin API changes) this one registry.
 */
@ApplicationScoped
public class RegistryProducer {

    private static final Logger LOG = Logger.getLogger(RegistryProducer.class.getName());

    @Inject
    RegistrySettings settings;

    private final LocalTwinRegistry registry = new LocalTwinRegistry();

    @PostConstruct
    void start() {
        settings.file()
                .ifPresentOrElse(
                        this::loadTwins,
                        () -> LOG.warning("rmb.registry.file is not set: the twin registry starts empty"));
    }

    /** Loads one registry file, or several separated by commas (later files win for the same id). */
    private void loadTwins(String files) {
        for (String file : files.split(",")) {
            if (file.isBlank()) {
                continue;
            }
            Path path = Path.of(file.trim());
            try {
                List<Twin> twins = TwinFiles.read(path);
                twins.forEach(registry::put);
                LOG.info(() -> "loaded " + twins.size() + " twins from " + path.toAbsolutePath());
            } catch (RegistryException e) {
                throw new IllegalStateException("rmb.registry.file: " + e.getMessage(), e);
            }
        }
    }

    @Produces
    LocalTwinRegistry registry() {
        return registry;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and load the files) at deployment time
        LOG.fine(() -> "twin registry ready with " + registry.size() + " twins");
    }
}
