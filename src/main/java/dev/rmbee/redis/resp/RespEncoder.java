package dev.rmbee.redis.resp;

import java.nio.charset.StandardCharsets;

/** Encodes a command as a RESP2 array of bulk strings, the only form Redis takes from clients. */
final class RespEncoder {

    private RespEncoder() {}

    /** The bytes of {@code *<n>\r\n} then {@code $<len>\r\n<arg>\r\n} for every argument. */
    static byte[] encode(byte[]... args) {
        int size = 1 + digits(args.length) + 2;
        for (byte[] arg : args) {
            size += 1 + digits(arg.length) + 2 + arg.length + 2;
        }
        byte[] out = new byte[size];
        int at = header(out, 0, '*', args.length);
        for (byte[] arg : args) {
            at = header(out, at, '$', arg.length);
            System.arraycopy(arg, 0, out, at, arg.length);
            at += arg.length;
            out[at++] = '\r';
            out[at++] = '\n';
        }
        return out;
    }

    /** The arguments as UTF-8, for commands written as text (handshakes, tests). */
    static byte[][] utf8(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static int header(byte[] out, int at, char type, int value) {
        out[at++] = (byte) type;
        String digits = Integer.toString(value);
        for (int i = 0; i < digits.length(); i++) {
            out[at++] = (byte) digits.charAt(i);
        }
        out[at++] = '\r';
        out[at++] = '\n';
        return at;
    }

    private static int digits(int value) {
        return Integer.toString(value).length();
    }
}
