package dev.rmbee.wire;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.identity.Signer;
import dev.rmbee.wire.proto.Types.Envelope;

/** Signs envelopes and checks their signatures: a 65-byte signature over MD5(challenge). */
public final class EnvelopeSignatures {

    private EnvelopeSignatures() {}

    /** Sets the signature of {@code envelope} (its other fields final) and returns the built envelope. */
    public static Envelope sign(Envelope.Builder envelope, Signer signer) {
        envelope.clearSignature();
        byte[] digest = EnvelopeChallenge.digest(envelope.buildPartial());
        return envelope.setSignature(ByteString.copyFrom(signer.sign(digest))).build();
    }

    /**
     * Verifies the envelope's signature against the sender's 32-byte account key. The reference
     * challenge (with {@code relays}) is tried first; when it fails and the envelope carries
     * relays, the challenge without them is accepted too, because some clients sign that way.
     */
    @SuppressWarnings("deprecation") // relays is deprecated but still signed by some clients
    public static void verify(Envelope envelope, byte[] account) throws InvalidSignatureException {
        byte[] signature = envelope.hasSignature() ? envelope.getSignature().toByteArray() : null;
        try {
            SignatureVerifier.verify(account, EnvelopeChallenge.digest(envelope), signature);
        } catch (InvalidSignatureException first) {
            if (envelope.getRelaysCount() == 0 || signature == null || signature.length != 65) {
                throw first;
            }
            byte[] withoutRelays = EnvelopeChallenge.md5(EnvelopeChallenge.bytes(envelope, false));
            if (!SignatureVerifier.isValid(account, withoutRelays, signature)) {
                throw first;
            }
        }
    }
}
