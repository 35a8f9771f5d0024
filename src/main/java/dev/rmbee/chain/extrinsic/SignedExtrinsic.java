package dev.rmbee.chain.extrinsic;

import dev.rmbee.chain.hash.Hashes;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import dev.rmbee.chain.scale.ScaleWriter;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.identity.Signer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A version 4 signed extrinsic (chain.md §4): {@code compact(len) ‖ 0x84 ‖ MultiAddress::Id(00 ‖ account) ‖
 * MultiSignature(00 Ed25519 | 01 Sr25519 ‖ 64 bytes) ‖ era ‖ compact(nonce) ‖ compact(tip) ‖ call}. Made by
 * {@link #sign}, read back by {@link #decode}; {@link #hex()} is what {@code author_submitAndWatchExtrinsic}
 * takes and {@link #hash()} is how the node names it.
 */
public final class SignedExtrinsic {

    private static final int SIGNED_V4 = 0x84;
    private static final int ADDRESS_ID = 0;
    private static final int ED25519 = 0;
    private static final int SR25519 = 1;
    private static final int SIGNATURE_BYTES = 64;

    private final byte[] signer;
    private final KeyType keyType;
    private final byte[] signature;
    private final Era era;
    private final long nonce;
    private final long tip;
    private final byte[] call;

    private SignedExtrinsic(
            byte[] signer, KeyType keyType, byte[] signature, Era era, long nonce, long tip, byte[] call) {
        this.signer = Hash32.require(signer, "signer account");
        this.keyType = keyType;
        if (signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a signature is 64 bytes, got " + signature.length);
        }
        this.signature = signature.clone();
        this.era = era;
        this.nonce = nonce;
        this.tip = tip;
        this.call = call.clone();
    }

    /** Signs {@code payload} with {@code signer} (ed25519 or sr25519, by its key type) and assembles the result. */
    public static SignedExtrinsic sign(SigningPayload payload, Signer signer) {
        byte[] prefixed = signer.sign(payload.toSign());
        if (prefixed.length != SIGNATURE_BYTES + 1) {
            throw new IllegalStateException("the signer returned " + prefixed.length + " bytes, not 65");
        }
        byte[] raw = Arrays.copyOfRange(prefixed, 1, prefixed.length);
        return assemble(signer.publicKey(), signer.keyType(), raw, payload);
    }

    /** The extrinsic carrying an already made 64-byte {@code signature} of {@code payload} by {@code signer}. */
    public static SignedExtrinsic assemble(byte[] signer, KeyType keyType, byte[] signature, SigningPayload payload) {
        return new SignedExtrinsic(
                signer, keyType, signature, payload.era(), payload.nonce(), payload.tip(), payload.call());
    }

    /**
     * Reads a signed version 4 extrinsic with its length prefix.
     *
     * @throws ScaleException for anything else (unsigned, another version or address kind, an ecdsa signature)
     */
    public static SignedExtrinsic decode(byte[] encoded) {
        ScaleReader reader = new ScaleReader(encoded);
        int length = reader.compactLength();
        if (length != reader.remaining()) {
            throw new ScaleException("extrinsic length " + length + " but " + reader.remaining() + " bytes follow");
        }
        expect(reader.u8(), SIGNED_V4, "extrinsic version byte (signed, version 4)");
        expect(reader.u8(), ADDRESS_ID, "MultiAddress variant (Id)");
        byte[] signer = reader.bytes(Hash32.LENGTH);
        KeyType keyType = keyType(reader.u8());
        byte[] signature = reader.bytes(SIGNATURE_BYTES);
        Era era = Era.read(reader);
        long nonce = reader.compactLong();
        long tip = reader.compactLong();
        byte[] call = reader.bytes(reader.remaining());
        return new SignedExtrinsic(signer, keyType, signature, era, nonce, tip, call);
    }

    /** The whole extrinsic, with its compact length prefix. */
    public byte[] encode() {
        ScaleWriter body = new ScaleWriter()
                .u8(SIGNED_V4)
                .u8(ADDRESS_ID)
                .bytes(signer)
                .u8(keyType == KeyType.ED25519 ? ED25519 : SR25519)
                .bytes(signature)
                .bytes(era.encode())
                .compact(nonce)
                .compact(tip)
                .bytes(call);
        byte[] bytes = body.toByteArray();
        return new ScaleWriter().byteVec(bytes).toByteArray();
    }

    /** {@code 0x} and the hex of {@link #encode()}: the parameter of {@code author_submitAndWatchExtrinsic}. */
    public String hex() {
        return "0x" + HexFormat.of().formatHex(encode());
    }

    /** blake2b-256 of the whole encoded extrinsic (length prefix included): the transaction hash. */
    public byte[] hash() {
        return Hashes.blake2b256(encode());
    }

    /** The payload this extrinsic's signature must cover on {@code chain} with the era's {@code checkpoint}. */
    public SigningPayload payload(ChainContext chain, byte[] checkpoint) {
        return new SigningPayload(call, era, nonce, tip, chain, checkpoint);
    }

    /** Whether the signature verifies over {@link #payload}, as the node checks it (else {@code badProof}). */
    public boolean verifies(ChainContext chain, byte[] checkpoint) {
        byte[] signed = payload(chain, checkpoint).toSign();
        return keyType == KeyType.ED25519
                ? SignatureVerifier.verifyEd25519(signer, signed, signature)
                : SignatureVerifier.verifySr25519(signer, signed, signature);
    }

    public byte[] signer() {
        return signer.clone();
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The raw 64-byte signature (no RMB prefix byte). */
    public byte[] signature() {
        return signature.clone();
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

    public byte[] call() {
        return call.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedExtrinsic that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "SignedExtrinsic[" + keyType + " signer 0x" + HexFormat.of().formatHex(signer) + ", " + era + ", nonce "
                + nonce + ", tip " + tip + ", hash 0x" + HexFormat.of().formatHex(hash()) + "]";
    }

    private static KeyType keyType(int tag) {
        switch (tag) {
            case ED25519:
                return KeyType.ED25519;
            case SR25519:
                return KeyType.SR25519;
            default:
                throw new ScaleException("unsupported MultiSignature variant " + tag + " (only Ed25519, Sr25519)");
        }
    }

    private static void expect(int found, int expected, String what) {
        if (found != expected) {
            throw new ScaleException(what + ": expected " + expected + ", found " + found);
        }
    }
}
