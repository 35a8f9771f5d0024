package dev.rmbee.chain.scale;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Writes SCALE values in order; {@link #toByteArray()} gives what was written. */
public final class ScaleWriter {

    private static final BigInteger FOUR_BYTE_LIMIT = BigInteger.ONE.shiftLeft(30);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ScaleWriter u8(int value) {
        out.write(value);
        return this;
    }

    public ScaleWriter u16(int value) {
        return little(value, 2);
    }

    public ScaleWriter u32(int value) {
        return little(value, 4);
    }

    public ScaleWriter u64(long value) {
        return little(value, 8);
    }

    public ScaleWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    /** Raw bytes, no length (fixed-size arrays such as accounts and hashes). */
    public ScaleWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A {@code Vec<u8>}: compact length, then the bytes. */
    public ScaleWriter byteVec(byte[] bytes) {
        return compact(bytes.length).bytes(bytes);
    }

    /** An {@code Option<Vec<u8>>}: None for null. */
    public ScaleWriter optionalByteVec(byte[] bytes) {
        return bytes == null ? u8(0) : u8(1).byteVec(bytes);
    }

    /** A compact integer of a non-negative value. */
    public ScaleWriter compact(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("compact integers are unsigned: " + value);
        }
        if (value < 1 << 6) {
            return u8((int) (value << 2));
        }
        if (value < 1 << 14) {
            return u16((int) (value << 2) | 1);
        }
        if (value < 1 << 30) {
            return u32((int) (value << 2) | 2);
        }
        return compact(BigInteger.valueOf(value));
    }

    /** A compact integer of any non-negative size. */
    public ScaleWriter compact(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("compact integers are unsigned: " + value);
        }
        if (value.compareTo(FOUR_BYTE_LIMIT) < 0) {
            return compact(value.longValue());
        }
        byte[] big = value.toByteArray();
        int start = big[0] == 0 ? 1 : 0;
        int length = Math.max(4, big.length - start);
        byte[] little = new byte[length];
        for (int i = 0; i < big.length - start; i++) {
            little[i] = big[big.length - 1 - i];
        }
        return u8(((length - 4) << 2) | 3).bytes(little);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private ScaleWriter little(long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }
}
