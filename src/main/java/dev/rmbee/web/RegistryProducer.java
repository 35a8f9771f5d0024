package dev.rmbee.web;

import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.registry.AdminTwinStore;
import dev.rmbee.registry.FileAdminTwins;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.OverlayTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.registry.redis.RedisAdminTwins;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;

/**
 * The server's twin registry: the local registry loaded at deployment from {@code rmb.registry.file}
 * (an unreadable or invalid file fails the deployment with the setting's name) and edited by the
 * admin API, laid over the chain's twins when {@code rmb.chain.urls} is set. The relay, the
 * federation and the peer read the {@link TwinRegistry}; the admin API edits the {@link LocalTwinRegistry}
 * through the {@link AdminTwinStore}: with Redis the hash every instance shares (read before the
 * deployment completes, for up to {@link #FIRST_READ_WAIT}), else {@code rmb.registry.admin-file}
 * (read after the registry files; an unreadable or invalid one fails the deployment) or memory.
 */
@ApplicationScoped
public class RegistryProducer {

    private static final Logger LOG = Logger.getLogger(RegistryProducer.class.getName());
    private static final Duration FIRST_READ_WAIT = Duration.ofSeconds(5);

    @Inject
    RegistrySettings settings;

    @Inject
    Optional<ChainTwins> chain;

    @Inject
    SharedRedis redis;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final LocalTwinRegistry registry = new LocalTwinRegistry();
    private final ShutdownSteps shutdown = new ShutdownSteps(LOG, "twin registry");
    private RegistryFiles files;
    private AdminTwinStore store;
    private RedisAdminTwins shared;
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
        store = adminStore();
        LOG.info(() -> "the admin API's twin changes are kept in " + store.where());
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

    /** Redis's shared hash with Redis, else the admin file, else memory. */
    private AdminTwinStore adminStore() {
        Optional<RedissonClient> client = redis.use();
        if (client.isPresent()) {
            settings.adminFile()
                    .ifPresent(file -> LOG.warning(() -> RegistrySettings.ADMIN_FILE + " (" + file
                            + ") is ignored: with Redis the admin API's twins live in Redis"));
            shared = new RedisAdminTwins(registry, client.get(), scheduler);
            shared.start();
            if (!shared.awaitFirstRead(FIRST_READ_WAIT)) {
                LOG.warning(() -> "the admin API's twins in Redis (" + RedisAdminTwins.HASH
                        + ") could not be read within " + FIRST_READ_WAIT.toSeconds()
                        + " s: starting without them, they come when Redis answers");
            }
            return shared;
        }
        Optional<Path> file = settings.adminFile();
        if (file.isEmpty()) {
            return AdminTwinStore.inMemory(registry);
        }
        try {
            return FileAdminTwins.open(registry, file.get());
        } catch (RegistryException e) {
            throw new IllegalStateException(RegistrySettings.ADMIN_FILE + ": " + e.getMessage(), e);
        }
    }

    /** Where the admin API's changes go. */
    @Produces
    AdminTwinStore adminTwinStore() {
        return store;
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

    /** Each step runs even if an earlier one failed ({@link ShutdownSteps}). */
    @PreDestroy
    void stop() {
        if (shared != null && shutdown.begin()) {
            shutdown.run("closing the shared admin twins", shared::close);
            shutdown.run("releasing the Redis client", redis::release);
        }
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and load the files) at deployment time
        LOG.fine(() -> "twin registry ready with " + registry.size() + " twins");
    }
}
