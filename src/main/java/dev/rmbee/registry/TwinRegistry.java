package dev.rmbee.registry;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** Looks twins up by id: a local registry, the chain, or a cache in front of either. */
public interface TwinRegistry {

    /**
     * The twin with this id, or empty when no such twin exists; blocks the caller while a remote
     * registry is asked (at most its lookup timeout).
     *
     * @throws RegistryException when the registry cannot answer (as opposed to "not found")
     */
    Optional<Twin> find(int twinId) throws RegistryException;

    /**
     * The same answer without blocking: the future fails with a {@link RegistryException} when the
     * registry cannot answer. A registry that answers from memory completes it at once, so callers
     * can take the fast path when {@link CompletableFuture#isDone()}.
     */
    default CompletableFuture<Optional<Twin>> lookup(int twinId) {
        try {
            return CompletableFuture.completedFuture(find(twinId));
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The id of the twin whose account (32-byte public key) this is, or empty when none has it: how
     * a peer learns its own twin id from its key (the chain's {@code TwinIdByAccountID}). Registries
     * that cannot look up by account keep this default and say so.
     *
     * @throws RegistryException when the registry cannot answer, or cannot look twins up by account
     */
    default OptionalInt findIdByAccount(byte[] account) throws RegistryException {
        throw new RegistryException("this twin registry cannot look twins up by account");
    }
}
