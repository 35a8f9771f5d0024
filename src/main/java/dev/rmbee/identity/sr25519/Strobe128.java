package dev.rmbee.identity.sr25519;

import java.nio.charset.StandardCharsets;

/**
 * The subset of STROBE-128 that Merlin uses: meta-AD, AD, KEY and PRF, each either starting a
 * new operation or continuing the previous one ({@code more}). Not thread-safe; Merlin copies it.
 *
 * <p>The 200-byte sponge state is kept as Keccak lanes so the permutation needs no conversion;
 * single bytes are read and written by shifting inside their lane (little-endian).
 */
final class Strobe128 {

    /** Rate in bytes for 128-bit security: 200 - 2*16 - 2. */
    static final int R = 166;

    private static final int FLAG_I = 1;
    private static final int FLAG_A = 1 << 1;
    private static final int FLAG_C = 1 << 2;
    private static final int FLAG_T = 1 << 3;
    private static final int FLAG_M = 1 << 4;
    private static final int FLAG_K = 1 << 5;

    /** State after the STROBE domain block, before any protocol label: the same for every instance. */
    private static final long[] INITIAL_STATE = initialState();

    private final long[] state;
    private int pos;
    private int posBegin;
    private int curFlags;

    /** Starts a STROBE-128 instance and absorbs {@code protocolLabel} as meta-AD. */
    Strobe128(byte[] protocolLabel) {
        state = INITIAL_STATE.clone();
        metaAd(protocolLabel, false);
    }

    private Strobe128(Strobe128 other) {
        state = other.state.clone();
        pos = other.pos;
        posBegin = other.posBegin;
        curFlags = other.curFlags;
    }

    /** An independent copy (Merlin forks the transcript for its RNG and for signing contexts). */
    Strobe128 copy() {
        return new Strobe128(this);
    }

    /** Overwrites this instance with the state of {@code other}: a copy that allocates nothing. */
    void setTo(Strobe128 other) {
        System.arraycopy(other.state, 0, state, 0, state.length);
        pos = other.pos;
        posBegin = other.posBegin;
        curFlags = other.curFlags;
    }

    void metaAd(byte[] data, boolean more) {
        beginOp(FLAG_M | FLAG_A, more);
        absorb(data);
    }

    /** Meta-AD of a little-endian u32, as Merlin frames lengths; avoids a temporary array. */
    void metaAdU32(int value, boolean more) {
        beginOp(FLAG_M | FLAG_A, more);
        for (int i = 0; i < 4; i++) {
            absorbByte(value >>> (8 * i));
        }
    }

    void ad(byte[] data, boolean more) {
        beginOp(FLAG_A, more);
        absorb(data);
    }

    /** Squeezes {@code dest.length} pseudo-random bytes into {@code dest}. */
    void prf(byte[] dest, boolean more) {
        beginOp(FLAG_I | FLAG_A | FLAG_C, more);
        squeeze(dest);
    }

    /** Overwrites the state with key material (forward secrecy: the old state is gone). */
    void key(byte[] data, boolean more) {
        beginOp(FLAG_A | FLAG_C, more);
        overwrite(data);
    }

    private static long[] initialState() {
        long[] st = new long[Keccak1600.LANES];
        byte[] domain = new byte[18];
        byte[] head = {1, (byte) (R + 2), 1, 0, 1, 96};
        System.arraycopy(head, 0, domain, 0, head.length);
        // "STROBEv1.0.2", without a dash: the string the STROBE reference code actually uses
        byte[] version = "STROBEv1.0.2".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, domain, 6, version.length);
        for (int i = 0; i < domain.length; i++) {
            st[i >>> 3] ^= (domain[i] & 0xFFL) << ((i & 7) << 3);
        }
        Keccak1600.permute(st);
        return st;
    }

    private void beginOp(int flags, boolean more) {
        if (more) {
            // continuing an operation is only meaningful with the same flags
            if (curFlags != flags) {
                throw new IllegalStateException("STROBE continued op with different flags");
            }
            return;
        }
        if ((flags & FLAG_T) != 0) {
            throw new IllegalStateException("STROBE transport ops are not supported");
        }
        int oldBegin = posBegin;
        posBegin = pos + 1;
        curFlags = flags;
        absorbByte(oldBegin);
        absorbByte(flags);
        // cipher and key ops must start on a fresh block
        if ((flags & (FLAG_C | FLAG_K)) != 0 && pos != 0) {
            runF();
        }
    }

    private void runF() {
        xorByte(pos, posBegin);
        xorByte(pos + 1, 0x04);
        xorByte(R + 1, 0x80);
        Keccak1600.permute(state);
        pos = 0;
        posBegin = 0;
    }

    private void absorbByte(int b) {
        xorByte(pos, b);
        if (++pos == R) {
            runF();
        }
    }

    private void absorb(byte[] data) {
        for (byte b : data) {
            absorbByte(b);
        }
    }

    private void overwrite(byte[] data) {
        for (byte b : data) {
            int shift = (pos & 7) << 3;
            state[pos >>> 3] = (state[pos >>> 3] & ~(0xFFL << shift)) | ((b & 0xFFL) << shift);
            if (++pos == R) {
                runF();
            }
        }
    }

    private void squeeze(byte[] dest) {
        for (int i = 0; i < dest.length; i++) {
            int shift = (pos & 7) << 3;
            dest[i] = (byte) (state[pos >>> 3] >>> shift);
            state[pos >>> 3] &= ~(0xFFL << shift);
            if (++pos == R) {
                runF();
            }
        }
    }

    private void xorByte(int index, int b) {
        state[index >>> 3] ^= (b & 0xFFL) << ((index & 7) << 3);
    }
}
