package dev.rmbee.chain.metadata;

import java.util.List;

/** The runtime's extrinsic format: the extrinsic type, its version and the signed extensions in order. */
public record ExtrinsicInfo(int type, int version, List<SignedExtension> signedExtensions) {

    public ExtrinsicInfo {
        signedExtensions = List.copyOf(signedExtensions);
    }
}
