package dev.rmbee.registry;

import java.util.Optional;

/** Looks twins up by id: a local registry, the chain, or a cache in front of either. */
public interface TwinRegistry {

    /**
     * The twin with this id, or empty when no such twin exists.
     *
     * @throws RegistryException when the registry cannot answer (as opposed to "not found")
     */
    Optional<Twin> find(int twinId) throws RegistryException;
}
