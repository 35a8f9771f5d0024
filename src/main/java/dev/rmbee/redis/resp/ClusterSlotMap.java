package dev.rmbee.redis.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which node serves each hash slot, as a {@code CLUSTER SLOTS} reply says: per range its first and
 * last slot and its master ({@code host}, {@code port}); an empty host is the node that answered.
 */
final class ClusterSlotMap {

    private final String[] masters = new String[HashSlots.COUNT];

    private ClusterSlotMap() {}

    /**
     * The map a {@code CLUSTER SLOTS} reply describes; {@code answeredBy} ({@code host:port})
     * stands for an empty host.
     *
     * @throws IllegalArgumentException when the reply is not of that form
     */
    static ClusterSlotMap parse(Object reply, String answeredBy) {
        ClusterSlotMap map = new ClusterSlotMap();
        if (!(reply instanceof List<?> ranges)) {
            throw new IllegalArgumentException("CLUSTER SLOTS answered no list: " + reply);
        }
        String answeringHost = answeredBy.substring(0, answeredBy.lastIndexOf(':'));
        for (Object range : ranges) {
            if (!(range instanceof List<?> fields)
                    || fields.size() < 3
                    || !(fields.get(0) instanceof Long first)
                    || !(fields.get(1) instanceof Long last)
                    || !(fields.get(2) instanceof List<?> master)
                    || master.size() < 2
                    || !(master.get(1) instanceof Long port)) {
                throw new IllegalArgumentException("CLUSTER SLOTS answered a range of another form: " + range);
            }
            String host = text(master.get(0));
            String node = (host.isEmpty() || host.equals("?") ? answeringHost : host) + ":" + port;
            for (long slot = Math.max(0, first); slot <= Math.min(HashSlots.COUNT - 1, last); slot++) {
                map.masters[(int) slot] = node;
            }
        }
        return map;
    }

    /** The {@code host:port} of the master serving {@code slot}, or null when no node serves it. */
    String master(int slot) {
        return masters[slot];
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
