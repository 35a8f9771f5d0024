package dev.rmbee.redis;

import java.util.Comparator;
import java.util.Objects;
import org.redisson.api.stream.StreamMessageId;

/**
 * Redis stream ids in their text form {@code <ms>-<seq>} (both unsigned 64-bit decimals), as the
 * queues hand them out, and their order.
 */
public final class StreamIds {

    /** Stream order: by milliseconds, then sequence, both unsigned. */
    public static final Comparator<StreamMessageId> ORDER = Comparator.comparing(
                    StreamMessageId::getId0, Long::compareUnsigned)
            .thenComparing(StreamMessageId::getId1, Long::compareUnsigned);

    private StreamIds() {}

    /** Parses {@code <ms>-<seq>}; anything else is an {@link IllegalArgumentException}. */
    public static StreamMessageId parse(String id) {
        Objects.requireNonNull(id, "id");
        int dash = id.indexOf('-');
        try {
            if (dash > 0) {
                return new StreamMessageId(
                        Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a stream id: " + id);
    }

    /** The text form {@code <ms>-<seq>}. */
    public static String format(StreamMessageId id) {
        return Long.toUnsignedString(id.getId0()) + "-" + Long.toUnsignedString(id.getId1());
    }
}
