package dev.rmbee.wire;

import dev.rmbee.wire.proto.Types.Envelope;
import java.util.regex.Pattern;

/** The one tag relays interpret: {@code fail-fast} (relay.md §6). */
public final class EnvelopeTags {

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private EnvelopeTags() {}

    /** True when the tags hold the token {@code fail-fast} (split at commas and whitespace, case-sensitive). */
    public static boolean isFailFast(Envelope envelope) {
        if (!envelope.hasTags()) {
            return false;
        }
        for (String token : SEPARATORS.split(envelope.getTags())) {
            if (token.equals("fail-fast")) {
                return true;
            }
        }
        return false;
    }
}
