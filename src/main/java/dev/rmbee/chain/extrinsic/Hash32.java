package dev.rmbee.chain.extrinsic;

/** Checks for the 32-byte values (hashes, accounts) the extrinsic shapes hold. */
final class Hash32 {

    static final int LENGTH = 32;

    private Hash32() {}

    /** A copy of {@code bytes} after checking it holds exactly 32 bytes. */
    static byte[] require(byte[] bytes, String what) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return bytes.clone();
    }
}
