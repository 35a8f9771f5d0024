package dev.rmbee.registry;

import dev.rmbee.chain.extrinsic.RelayRules;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The rules a twin's relays and e2e key follow in registry files and the admin API: each relay is
 * a host name the chain would take ({@link RelayRules}: a-z A-Z 0-9 {@code - _ .}, no leading,
 * trailing or double dot, not a one-letter first label), optionally followed by {@code :port}
 * (1-65535; the chain refuses ports, tests and private networks need them), and all of them
 * joined by {@code _} are at most {@value RelayRules#MAX_RELAY_BYTES} bytes, as on the chain. A pk
 * is a compressed secp256k1 public key: 33 bytes, the first 0x02 or 0x03.
 *
 * @see TwinFiles
 */
final class TwinFields {

    static final int PK_BYTES = 33;

    private TwinFields() {}

    /** {@code relay} when it follows the rules; else an {@link IllegalArgumentException} saying why. */
    static String relay(String relay) {
        int colon = relay.lastIndexOf(':');
        String host = colon < 0 ? relay : relay.substring(0, colon);
        if (colon >= 0 && !isPort(relay.substring(colon + 1))) {
            throw new IllegalArgumentException("\"relays\": a port must be a number from 1 to 65535");
        }
        RelayRules.relayProblem(host).ifPresent(problem -> {
            throw new IllegalArgumentException("\"relays\": " + problem);
        });
        return relay;
    }

    /** Checks the length of the relays joined as the chain stores them. */
    static void relays(Set<String> relays) {
        int joined = relays.stream()
                        .mapToInt(relay -> relay.getBytes(StandardCharsets.UTF_8).length)
                        .sum()
                + Math.max(0, relays.size() - 1);
        if (joined > RelayRules.MAX_RELAY_BYTES) {
            throw new IllegalArgumentException("\"relays\" joined by '_' are " + joined
                    + " bytes, the chain takes at most " + RelayRules.MAX_RELAY_BYTES);
        }
    }

    /** {@code pk} when it is a compressed secp256k1 public key; else an {@link IllegalArgumentException}. */
    static byte[] pk(byte[] pk) {
        if (pk.length != PK_BYTES || (pk[0] != 0x02 && pk[0] != 0x03)) {
            throw new IllegalArgumentException(
                    "\"pk\" must be a compressed secp256k1 public key: 33 bytes of hex, the first 02 or 03");
        }
        return pk;
    }

    private static boolean isPort(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }
}
