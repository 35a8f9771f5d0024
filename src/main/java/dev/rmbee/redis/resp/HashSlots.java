package dev.rmbee.redis.resp;

import java.nio.charset.StandardCharsets;

/**
 * The hash slot of a key on a Redis Cluster: CRC16 (XMODEM: polynomial 0x1021, initial value 0) of
 * the key, or of its hash tag (what lies between the first {@code {} and the first {@code }} after
 * it, when that is not empty), modulo 16384.
 */
public final class HashSlots {

    /** The slots of a Redis Cluster. */
    public static final int COUNT = 16384;

    private HashSlots() {}

    /** The slot of {@code key} (UTF-8). */
    public static int of(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int open = indexOf(bytes, '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, '}', open + 1);
            if (close > open + 1) {
                return crc16(bytes, open + 1, close) % COUNT;
            }
        }
        return crc16(bytes, 0, bytes.length) % COUNT;
    }

    /** CRC16/XMODEM of {@code bytes} from {@code from} (inclusive) to {@code to} (exclusive). */
    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }

    private static int indexOf(byte[] bytes, char wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
