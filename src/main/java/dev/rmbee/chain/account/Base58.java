package dev.rmbee.chain.account;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Base58 with Bitcoin's alphabet, as SS58 addresses use it: leading zero bytes become leading '1's. */
final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {}

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append(ALPHABET.charAt(0));
        }
        return out.reverse().toString();
    }

    /** @throws IllegalArgumentException for a character outside the alphabet */
    static byte[] decode(String text) {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("'" + text.charAt(i) + "' at index " + i + " is not base58");
            }
            leading &= digit == 0;
            leadingZeros += leading ? 1 : 0;
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[leadingZeros], 0, leadingZeros);
        if (value.signum() > 0) {
            byte[] magnitude = value.toByteArray();
            int start = magnitude[0] == 0 ? 1 : 0;
            out.write(magnitude, start, magnitude.length - start);
        }
        return out.toByteArray();
    }
}
