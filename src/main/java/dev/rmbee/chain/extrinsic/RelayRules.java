package dev.rmbee.chain.extrinsic;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The checks tfchain applies to {@code update_twin}'s arguments (chain.md §4), so that a value the chain would
 * refuse is refused here, before a fee is paid. A relay value must be non-empty, at most 1024 bytes of {@code a-z
 * A-Z 0-9 - _ .}, must not start or end with {@code .}, must not contain {@code ..}, and (the runtime's quirk) its
 * first {@code .} may not be at index 1, so a one-letter first label ({@code x.example.org}) is refused. A pk is
 * at most 128 bytes. An over-long value makes the whole transaction undecodable; any other refused relay is
 * included and charged, failing with {@code InvalidRelayAddress}.
 */
public final class RelayRules {

    public static final int MAX_RELAY_BYTES = 1024;
    public static final int MAX_PK_BYTES = 128;

    private RelayRules() {}

    /** Why the runtime would refuse {@code relay} (its UTF-8 bytes), or empty when it accepts it. */
    public static Optional<String> relayProblem(String relay) {
        return relayProblem(relay.getBytes(StandardCharsets.UTF_8));
    }

    /** Why the runtime would refuse the relay value {@code relay}, or empty when it accepts it. */
    public static Optional<String> relayProblem(byte[] relay) {
        if (relay.length == 0) {
            return refused("is empty");
        }
        if (relay.length > MAX_RELAY_BYTES) {
            return refused("is " + relay.length + " bytes, the chain takes at most " + MAX_RELAY_BYTES);
        }
        for (int i = 0; i < relay.length; i++) {
            if (!allowed(relay[i])) {
                return refused("has " + shown(relay[i]) + " at index " + i
                        + ": only a-z A-Z 0-9 '-' '_' '.' are allowed (host names, without scheme or port)");
            }
        }
        return dotProblem(relay);
    }

    /** Why the runtime would refuse the e2e public key {@code pk}, or empty when it accepts it. */
    public static Optional<String> pkProblem(byte[] pk) {
        return pk.length > MAX_PK_BYTES
                ? Optional.of("pk is " + pk.length + " bytes, the chain takes at most " + MAX_PK_BYTES)
                : Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with the reason when the runtime would refuse {@code relay}. */
    public static void requireValidRelay(String relay) {
        relayProblem(relay).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }

    private static Optional<String> dotProblem(byte[] relay) {
        if (relay[0] == '.') {
            return refused("starts with '.'");
        }
        if (relay[relay.length - 1] == '.') {
            return refused("ends with '.'");
        }
        int firstDot = -1;
        for (int i = 1; i < relay.length; i++) {
            if (relay[i] == '.' && relay[i - 1] == '.') {
                return refused("has '..' at index " + (i - 1));
            }
            if (relay[i] == '.' && firstDot < 0) {
                firstDot = i;
            }
        }
        if (firstDot == 1) {
            return refused("has its first '.' at index 1: the runtime refuses a one-letter first label"
                    + " (x.example.org is refused, ab.example.org accepted)");
        }
        return Optional.empty();
    }

    private static boolean allowed(byte b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '_'
                || b == '.';
    }

    private static String shown(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
    }

    private static Optional<String> refused(String why) {
        return Optional.of("the chain refuses this relay value: it " + why);
    }
}
