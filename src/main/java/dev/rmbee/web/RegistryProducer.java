package dev.rmbee.web;

import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.OverlayTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's twin registry: the local registry loaded at deployment from {@code rmb.registry.file}
 * (an unreadable or invalid file fails the deployment with the setting's name) and edited by the
 * admin API, laid over the chain's twins when {@code rmb.chain.urls} is set. The relay, the
 * federation and the peer read the {@link TwinRegistry}; the admin API edits the {@link LocalTwinRegistry}.
 */
@ApplicationScoped
public class RegistryProducer {

    private static final Logger LOG = Logger.getLogger(RegistryProducer.class.getName());

    @Inject
    RegistrySettings settings;

    @Inject
    Optional<ChainTwins> chain;

    private final LocalTwinRegistry registry = new LocalTwinRegistry();
    private RegistryFiles files;
    private TwinRegistry twins;

    @PostConstruct
    void start() {
        files = RegistryFiles.of(settings.file());
        if (files.isEmpty()) {
            LOG.log(
                    chain.isPresent() ? Level.FINE : Level.WARNING,
                    "rmb.registry.file is not set: the local twin registry starts empty");
        } else {
            loadTwins();
        }
        twins = chain.<TwinRegistry>map(this::overChain).orElse(registry);
    }

    /** The local twins over the chain's; each local twin that hides a chain twin is named once. */
    private TwinRegistry overChain(ChainTwins chainTwins) {
        for (Twin local : registry.all()) {
            chainTwins
                    .registry()
                    .lookup(local.id())
                    .thenAccept(onChain -> onChain.filter(twin -> !twin.equals(local))
                            .ifPresent(twin -> LOG.info(() -> "local twin " + Integer.toUnsignedString(local.id())
                                    + " (rmb.registry.file) is used instead of the chain's twin with that id")));
        }
        return new OverlayTwinRegistry(registry, chainTwins.registry());
    }

    /** Loads the registry files (later files win for the same id). */
    private void loadTwins() {
        try {
            LocalTwinRegistry.Reload loaded = files.loadInto(registry);
            LOG.info(() -> "loaded " + loaded.loaded() + " twins from "
                    + files.files().stream().map(Path::toAbsolutePath).toList());
        } catch (RegistryException e) {
            throw new IllegalStateException("rmb.registry.file: " + e.getMessage(), e);
        }
    }

    /** The registry files, which the admin API reloads. */
    @Produces
    RegistryFiles files() {
        return files;
    }

    @Produces
    @Typed(LocalTwinRegistry.class)
    LocalTwinRegistry localRegistry() {
        return registry;
    }

    @Produces
    TwinRegistry registry() {
        return twins;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and load the files) at deployment time
        LOG.fine(() -> "twin registry ready with " + registry.size() + " twins");
    }
}
