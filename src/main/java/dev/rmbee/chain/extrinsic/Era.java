package dev.rmbee.chain.extrinsic;

import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import dev.rmbee.chain.scale.ScaleWriter;

/**
 * A transaction's era (chain.md §4): immortal ({@code 00}), or mortal: valid for {@code period} blocks
 * (a power of two in 4…65536) from the block whose number is {@code phase} modulo the period.
 *
 * @param period 0 for immortal, else the power of two
 * @param phase  0 for immortal, else the (quantized) phase, below the period
 */
public record Era(long period, long phase) {

    private static final long MIN_PERIOD = 4;
    private static final long MAX_PERIOD = 1 << 16;

    public Era {
        if (period != 0 || phase != 0) {
            requireMortalShape(period, phase);
        }
    }

    public static Era immortal() {
        return new Era(0, 0);
    }

    /**
     * A mortal era for about {@code period} blocks starting at block {@code current}: the period is rounded up to
     * a power of two and clamped to 4…65536, the phase is {@code current} modulo it (quantized for periods over
     * 4096, as Substrate does).
     */
    public static Era mortal(long period, long current) {
        if (period < 1 || current < 0) {
            throw new IllegalArgumentException("a mortal era needs a positive period and a block number ≥ 0");
        }
        long rounded = Math.min(MAX_PERIOD, Math.max(MIN_PERIOD, nextPowerOfTwo(period)));
        long quantum = quantum(rounded);
        return new Era(rounded, (current % rounded) / quantum * quantum);
    }

    /** Reads an era: one {@code 00} byte, or two bytes (u16 little-endian) for a mortal one. */
    public static Era read(ScaleReader reader) {
        int first = reader.u8();
        if (first == 0) {
            return immortal();
        }
        int encoded = first | (reader.u8() << 8);
        long period = 2L << (encoded & 0xf);
        long phase = (long) (encoded >>> 4) * quantum(period);
        if (period < MIN_PERIOD || phase >= period) {
            throw new ScaleException("invalid mortal era " + Integer.toHexString(encoded));
        }
        return new Era(period, phase);
    }

    public static Era decode(byte[] bytes) {
        ScaleReader reader = new ScaleReader(bytes);
        Era era = read(reader);
        reader.expectEnd("era");
        return era;
    }

    public boolean isImmortal() {
        return period == 0;
    }

    public byte[] encode() {
        ScaleWriter writer = new ScaleWriter();
        writeTo(writer);
        return writer.toByteArray();
    }

    public void writeTo(ScaleWriter writer) {
        if (isImmortal()) {
            writer.u8(0);
            return;
        }
        int periodBits = Math.min(15, Math.max(1, Long.numberOfTrailingZeros(period) - 1));
        writer.u16(periodBits | (int) ((phase / quantum(period)) << 4));
    }

    /**
     * The first block of this era seen from block {@code current}: the latest block ≤ {@code current} (or the
     * phase itself, if later) whose number is the phase modulo the period; its hash is the signing checkpoint.
     * 0 for an immortal era (the genesis block).
     */
    public long birth(long current) {
        if (isImmortal()) {
            return 0;
        }
        return (Math.max(current, phase) - phase) / period * period + phase;
    }

    /** The first block at which a transaction of this era is no longer valid ({@link Long#MAX_VALUE} if never). */
    public long death(long current) {
        return isImmortal() ? Long.MAX_VALUE : birth(current) + period;
    }

    @Override
    public String toString() {
        return isImmortal() ? "Era[immortal]" : "Era[period " + period + ", phase " + phase + "]";
    }

    private static long quantum(long period) {
        return Math.max(period >>> 12, 1);
    }

    private static long nextPowerOfTwo(long value) {
        return value <= 1 ? 1 : Long.highestOneBit(value - 1) << 1;
    }

    private static void requireMortalShape(long period, long phase) {
        if (period < MIN_PERIOD || period > MAX_PERIOD || Long.bitCount(period) != 1) {
            throw new IllegalArgumentException("a mortal era's period is a power of two in 4…65536: " + period);
        }
        if (phase < 0 || phase >= period || phase % quantum(period) != 0) {
            throw new IllegalArgumentException("phase " + phase + " does not fit period " + period);
        }
    }
}
