package dev.rmbee.chain.twins;

import dev.rmbee.chain.extrinsic.ChainContext;
import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.rpc.RuntimeVersion;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.TfgridShapes;
import java.util.concurrent.CompletableFuture;

/**
 * One runtime version of the chain as rmb-ee reads it: the version, the genesis hash, the parsed
 * metadata and every shape RMB relies on, resolved by name. Reading fails with an
 * {@link dev.rmbee.chain.tfgrid.UnsupportedChainException} on a runtime whose shapes differ.
 */
public record ChainRuntime(RuntimeVersion version, byte[] genesis, Metadata metadata, TfgridShapes shapes) {

    /** Reads the node's current runtime. */
    public static CompletableFuture<ChainRuntime> read(SubstrateApi api) {
        CompletableFuture<RuntimeVersion> version = api.runtimeVersion();
        CompletableFuture<byte[]> genesis = api.genesisHash();
        CompletableFuture<byte[]> metadata = api.metadata();
        return CompletableFuture.allOf(version, genesis, metadata).thenApply(all -> {
            Metadata parsed = Metadata.parse(metadata.join());
            return new ChainRuntime(version.join(), genesis.join(), parsed, TfgridShapes.resolve(parsed));
        });
    }

    /** What an extrinsic for this runtime is signed against. */
    public ChainContext context() {
        return new ChainContext((int) version.specVersion(), (int) version.transactionVersion(), genesis);
    }

    public long specVersion() {
        return version.specVersion();
    }
}
