package dev.rmbee.chain.extrinsic;

import dev.rmbee.chain.hash.Hashes;
import dev.rmbee.chain.scale.ScaleWriter;

/**
 * What a signed extrinsic's signature covers (chain.md §4): {@code call ‖ era ‖ compact(nonce) ‖ compact(tip) ‖
 * spec_version u32 ‖ tx_version u32 ‖ genesis[32] ‖ checkpoint[32]}, the signed extensions' extra and additional
 * data in the runtime's order. The checkpoint is the genesis hash for an immortal era, else the hash of the
 * era's birth block. {@link #toSign()} is blake2b-256 of the payload when it is longer than 256 bytes.
 */
public final class SigningPayload {

    /** Payloads longer than this are signed as their blake2b-256 hash. */
    public static final int MAX_SIGNED_DIRECTLY = 256;

    private final byte[] call;
    private final Era era;
    private final long nonce;
    private final long tip;
    private final ChainContext chain;
    private final byte[] checkpoint;

    /**
     * @param call       the encoded call (e.g. {@link UpdateTwin#encode})
     * @param nonce      the signer's next index ({@code system_accountNextIndex})
     * @param tip        the tip in planck (0 as every RMB client)
     * @param checkpoint the era's birth block hash; the genesis hash for an immortal era
     */
    public SigningPayload(byte[] call, Era era, long nonce, long tip, ChainContext chain, byte[] checkpoint) {
        if (call == null || call.length < 2) {
            throw new IllegalArgumentException("a call has at least its pallet and call index bytes");
        }
        if (nonce < 0 || tip < 0) {
            throw new IllegalArgumentException("nonce and tip are unsigned: " + nonce + ", " + tip);
        }
        this.call = call.clone();
        this.era = era;
        this.nonce = nonce;
        this.tip = tip;
        this.chain = chain;
        this.checkpoint = Hash32.require(checkpoint, "checkpoint");
    }

    /** An immortal payload without tip, as rmb-peer signs: the checkpoint is the genesis hash. */
    public static SigningPayload immortal(byte[] call, long nonce, ChainContext chain) {
        return new SigningPayload(call, Era.immortal(), nonce, 0, chain, chain.genesisHash());
    }

    public byte[] call() {
        return call.clone();
    }

    public Era era() {
        return era;
    }

    public long nonce() {
        return nonce;
    }

    public long tip() {
        return tip;
    }

    public ChainContext chain() {
        return chain;
    }

    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    /** The signed extensions' part carried in the extrinsic: {@code era ‖ compact(nonce) ‖ compact(tip)}. */
    public byte[] extra() {
        ScaleWriter writer = new ScaleWriter();
        writeExtra(writer);
        return writer.toByteArray();
    }

    /** The whole payload. */
    public byte[] encode() {
        ScaleWriter writer = new ScaleWriter().bytes(call);
        writeExtra(writer);
        return writer.u32(chain.specVersion())
                .u32(chain.transactionVersion())
                .bytes(chain.genesisHash())
                .bytes(checkpoint)
                .toByteArray();
    }

    /** The bytes the signer signs: the payload, or its blake2b-256 when it is over 256 bytes. */
    public byte[] toSign() {
        byte[] payload = encode();
        return payload.length > MAX_SIGNED_DIRECTLY ? Hashes.blake2b256(payload) : payload;
    }

    void writeExtra(ScaleWriter writer) {
        era.writeTo(writer);
        writer.compact(nonce).compact(tip);
    }
}
