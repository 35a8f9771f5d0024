package dev.rmbee.chain.account;

import dev.rmbee.chain.hash.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * SS58 addresses of 32-byte accounts (chain.md §4): base58({@code prefix ‖ account ‖ checksum}), the checksum
 * being the first two bytes of blake2b-512({@code "SS58PRE" ‖ prefix ‖ account}). tfchain uses the generic
 * Substrate prefix 42 (addresses starting with '5'); RPCs such as {@code system_accountNextIndex} take this form.
 * Only the one-byte prefixes (0…63) are supported.
 */
public final class Ss58 {

    /** The generic Substrate network prefix, tfchain's. */
    public static final int SUBSTRATE = 42;

    private static final byte[] CONTEXT = "SS58PRE".getBytes(StandardCharsets.US_ASCII);
    private static final int ACCOUNT_BYTES = 32;
    private static final int CHECKSUM_BYTES = 2;
    private static final int MAX_SIMPLE_PREFIX = 63;

    private Ss58() {}

    /** The prefix-42 address of a 32-byte account. */
    public static String encode(byte[] account) {
        return encode(account, SUBSTRATE);
    }

    public static String encode(byte[] account, int prefix) {
        if (account == null || account.length != ACCOUNT_BYTES) {
            throw new IllegalArgumentException("an account is 32 bytes");
        }
        requireSimplePrefix(prefix);
        byte[] body = new byte[1 + ACCOUNT_BYTES + CHECKSUM_BYTES];
        body[0] = (byte) prefix;
        System.arraycopy(account, 0, body, 1, ACCOUNT_BYTES);
        byte[] checksum = checksum(Arrays.copyOf(body, 1 + ACCOUNT_BYTES));
        System.arraycopy(checksum, 0, body, 1 + ACCOUNT_BYTES, CHECKSUM_BYTES);
        return Base58.encode(body);
    }

    /**
     * The 32-byte account of a prefix-42 address.
     *
     * @throws IllegalArgumentException for another prefix, length or a wrong checksum
     */
    public static byte[] decode(String address) {
        return decode(address, SUBSTRATE);
    }

    public static byte[] decode(String address, int expectedPrefix) {
        requireSimplePrefix(expectedPrefix);
        byte[] body = Base58.decode(address);
        if (body.length != 1 + ACCOUNT_BYTES + CHECKSUM_BYTES) {
            throw new IllegalArgumentException(
                    "an SS58 address of a 32-byte account holds 35 bytes, this one " + body.length);
        }
        if ((body[0] & 0xff) != expectedPrefix) {
            throw new IllegalArgumentException(
                    "SS58 prefix " + (body[0] & 0xff) + " where " + expectedPrefix + " was expected");
        }
        byte[] expected = checksum(Arrays.copyOf(body, 1 + ACCOUNT_BYTES));
        if (!Arrays.equals(expected, Arrays.copyOfRange(body, 1 + ACCOUNT_BYTES, body.length))) {
            throw new IllegalArgumentException("SS58 checksum mismatch in " + address);
        }
        return Arrays.copyOfRange(body, 1, 1 + ACCOUNT_BYTES);
    }

    private static byte[] checksum(byte[] prefixAndAccount) {
        byte[] input = new byte[CONTEXT.length + prefixAndAccount.length];
        System.arraycopy(CONTEXT, 0, input, 0, CONTEXT.length);
        System.arraycopy(prefixAndAccount, 0, input, CONTEXT.length, prefixAndAccount.length);
        return Arrays.copyOf(Hashes.blake2b512(input), CHECKSUM_BYTES);
    }

    private static void requireSimplePrefix(int prefix) {
        if (prefix < 0 || prefix > MAX_SIMPLE_PREFIX) {
            throw new IllegalArgumentException("only SS58 prefixes 0…63 are supported, not " + prefix);
        }
    }
}
