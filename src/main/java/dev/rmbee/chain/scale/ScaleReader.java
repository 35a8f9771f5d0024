package dev.rmbee.chain.scale;

import java.math.BigInteger;
import java.util.Arrays;

/** Reads SCALE values in order from a byte array; every read checks that the bytes are there. */
public final class ScaleReader {

    private final byte[] data;
    private int position;

    public ScaleReader(byte[] data) {
        this.data = data;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return data.length - position;
    }

    public boolean atEnd() {
        return position == data.length;
    }

    /** Fails unless every byte has been read: a value followed by garbage is not that value. */
    public void expectEnd(String what) {
        if (!atEnd()) {
            throw new ScaleException(what + ": " + remaining() + " bytes left over after the value");
        }
    }

    public int u8() {
        need(1);
        return data[position++] & 0xff;
    }

    public int u16() {
        return (int) little(2);
    }

    /** A u32 as the int with the same bits (read twin ids with {@link Integer#toUnsignedLong}). */
    public int u32() {
        return (int) little(4);
    }

    /** A u64 as the long with the same bits. */
    public long u64() {
        return little(8);
    }

    public boolean bool() {
        int value = u8();
        if (value > 1) {
            throw new ScaleException("bool must be 0 or 1, found " + value + " at " + (position - 1));
        }
        return value == 1;
    }

    /** The next {@code length} bytes. */
    public byte[] bytes(int length) {
        need(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    public void skip(int length) {
        need(length);
        position += length;
    }

    /** A {@code Vec<u8>}: compact length, then the bytes. */
    public byte[] byteVec() {
        return bytes(compactLength());
    }

    /** A compact integer that counts something in this array (a length): at most the bytes left. */
    public int compactLength() {
        long length = compactLong();
        if (length > remaining()) {
            throw new ScaleException(
                    "length " + length + " at " + position + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    /** A compact integer that fits in a signed long (nonces, block numbers, lengths). */
    public long compactLong() {
        BigInteger value = compact();
        if (value.bitLength() > 63) {
            throw new ScaleException("compact integer " + value + " does not fit in 63 bits");
        }
        return value.longValue();
    }

    /** A compact integer of any size (up to 2^536). */
    public BigInteger compact() {
        int first = u8();
        switch (first & 3) {
            case 0:
                return BigInteger.valueOf(first >>> 2);
            case 1:
                return BigInteger.valueOf(((u8() << 8) | first) >>> 2);
            case 2:
                position--;
                return BigInteger.valueOf(Integer.toUnsignedLong(u32()) >>> 2);
            default:
                byte[] little = bytes((first >>> 2) + 4);
                return new BigInteger(1, reverse(little));
        }
    }

    /** An {@code Option<T>} tag: true for Some (the value follows), false for None. */
    public boolean option() {
        int tag = u8();
        if (tag > 1) {
            throw new ScaleException("option tag must be 0 or 1, found " + tag + " at " + (position - 1));
        }
        return tag == 1;
    }

    private long little(int width) {
        need(width);
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        position += width;
        return value;
    }

    private void need(int length) {
        if (length < 0 || length > remaining()) {
            throw new ScaleException("needs " + length + " bytes at " + position + ", " + remaining() + " left");
        }
    }

    static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
