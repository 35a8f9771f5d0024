package dev.rmbee.chain.twins;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.UnsupportedChainException;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * The runtime the chain runs now, read again at every connection and at every runtime upgrade
 * (a new {@code specVersion}). A runtime whose shapes rmb-ee cannot read makes every lookup fail
 * with the reason (registry unavailable) rather than misread a twin; a readable one ends that.
 */
final class ChainRuntimes {

    private static final Logger LOG = Logger.getLogger(ChainRuntimes.class.getName());

    private final ChainTwinSource source;
    private volatile ChainRuntime current;

    ChainRuntimes(ChainTwinSource source) {
        this.source = source;
    }

    /** The last runtime read; null before the first. */
    ChainRuntime current() {
        return current;
    }

    CompletableFuture<ChainRuntime> refresh(SubstrateApi api) {
        return ChainRuntime.read(api).whenComplete((runtime, failure) -> {
            if (failure == null) {
                boolean changed = current == null || current.specVersion() != runtime.specVersion();
                current = runtime;
                source.accept();
                if (changed) {
                    LOG.info(() -> "tfchain runtime " + runtime.version().specName() + " spec " + runtime.specVersion()
                            + ": TfgridModule is pallet " + runtime.shapes().tfgridPallet());
                }
            } else if (AsyncResults.unwrap(failure) instanceof UnsupportedChainException unsupported) {
                String reason = "tfchain runtime not supported: " + unsupported.getMessage();
                LOG.severe(reason);
                source.refuse(reason);
            }
        });
    }

    void refreshIfChanged(SubstrateApi api, long specVersion) {
        ChainRuntime runtime = current;
        if (runtime == null || runtime.specVersion() != specVersion) {
            LOG.info(() -> "tfchain runtime upgrade to spec " + specVersion + ": reading its metadata");
            refresh(api);
        }
    }
}
