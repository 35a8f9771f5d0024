package dev.rmbee.chain.extrinsic;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What every transaction signs about the chain it is meant for: the runtime's {@code specVersion} and
 * {@code transactionVersion} ({@code state_getRuntimeVersion}) and the genesis hash ({@code chain_getBlockHash
 * [0]}). A node on another chain or runtime rejects the signature ({@code badProof}).
 */
public final class ChainContext {

    private final int specVersion;
    private final int transactionVersion;
    private final byte[] genesisHash;

    public ChainContext(int specVersion, int transactionVersion, byte[] genesisHash) {
        this.specVersion = specVersion;
        this.transactionVersion = transactionVersion;
        this.genesisHash = Hash32.require(genesisHash, "genesis hash");
    }

    public int specVersion() {
        return specVersion;
    }

    public int transactionVersion() {
        return transactionVersion;
    }

    public byte[] genesisHash() {
        return genesisHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainContext that
                && specVersion == that.specVersion
                && transactionVersion == that.transactionVersion
                && Arrays.equals(genesisHash, that.genesisHash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * specVersion + transactionVersion) + Arrays.hashCode(genesisHash);
    }

    @Override
    public String toString() {
        return "ChainContext[spec " + Integer.toUnsignedString(specVersion) + ", tx "
                + Integer.toUnsignedString(transactionVersion) + ", genesis 0x"
                + HexFormat.of().formatHex(genesisHash) + "]";
    }
}
