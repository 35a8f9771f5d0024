package dev.rmbee.registry;

import java.util.Optional;

/**
 * Where the administrator's changes to the {@link LocalTwinRegistry} are kept, and how they reach
 * it: in memory ({@link #inMemory}), in a file that survives a restart ({@link FileAdminTwins}), or
 * in Redis, shared by every instance ({@code dev.rmbee.registry.redis.RedisAdminTwins}). A change is
 * kept first and takes effect in the registry after, so a change that cannot be kept changes nothing.
 */
public interface AdminTwinStore {

    /**
     * Creates or replaces a twin as the administrator's; returns the twin the id had before.
     *
     * @throws AdminStoreException when the change cannot be kept (nothing changed)
     */
    Optional<Twin> put(Twin twin) throws AdminStoreException;

    /**
     * Deletes the twin the registry has with this id (also one of the files, until a reload of
     * files that hold it); returns it, or empty when the registry has none (nothing changes).
     *
     * @throws AdminStoreException when the change cannot be kept (nothing changed)
     */
    Optional<Twin> delete(int twinId) throws AdminStoreException;

    /**
     * Reads the registry files again ({@link LocalTwinRegistry#replaceFileTwins}): the files' twins
     * win for the ids they hold, so the administrator's changes for those ids are forgotten here too.
     *
     * @throws AdminStoreException when that cannot be kept (nothing changed)
     * @throws RegistryException naming a file that cannot be read or is invalid (nothing changed)
     */
    LocalTwinRegistry.Reload reload(RegistryFiles files) throws RegistryException;

    /** Where the changes are kept, for the start-up log: {@code memory}, the file, the Redis hash. */
    String where();

    /** The administrator's changes in memory only: a restart forgets them. */
    static AdminTwinStore inMemory(LocalTwinRegistry registry) {
        return new AdminTwinStore() {
            @Override
            public Optional<Twin> put(Twin twin) {
                return registry.put(twin);
            }

            @Override
            public Optional<Twin> delete(int twinId) {
                return registry.remove(twinId);
            }

            @Override
            public LocalTwinRegistry.Reload reload(RegistryFiles files) throws RegistryException {
                return files.loadInto(registry);
            }

            @Override
            public String where() {
                return "memory";
            }
        };
    }
}
