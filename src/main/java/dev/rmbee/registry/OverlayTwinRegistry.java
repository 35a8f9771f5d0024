package dev.rmbee.registry;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The local registry on top of a base one (the chain): a twin the local registry has wins, any
 * other id is looked up in the base. The local one is read on every lookup, so twins an
 * administrator adds or removes take effect at once.
 */
public final class OverlayTwinRegistry implements TwinRegistry {

    private final LocalTwinRegistry local;
    private final TwinRegistry base;

    public OverlayTwinRegistry(LocalTwinRegistry local, TwinRegistry base) {
        this.local = local;
        this.base = base;
    }

    @Override
    public Optional<Twin> find(int twinId) throws RegistryException {
        Optional<Twin> mine = local.find(twinId);
        return mine.isPresent() ? mine : base.find(twinId);
    }

    @Override
    public CompletableFuture<Optional<Twin>> lookup(int twinId) {
        Optional<Twin> mine = local.find(twinId);
        return mine.isPresent() ? CompletableFuture.completedFuture(mine) : base.lookup(twinId);
    }

    /** The local twin with this account if there is one, else the base's answer. */
    @Override
    public OptionalInt findIdByAccount(byte[] account) throws RegistryException {
        OptionalInt mine = local.findIdByAccount(account);
        return mine.isPresent() ? mine : base.findIdByAccount(account);
    }
}
