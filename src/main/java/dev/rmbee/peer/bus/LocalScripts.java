package dev.rmbee.peer.bus;

/**
 * The Lua scripts of {@link RedisLocalBus}: what must happen in one step so that a crash of the
 * gateway between two commands cannot lose or repeat a message.
 */
final class LocalScripts {

    /**
     * Moves what the taken lists hold back to the consuming (right) end of their lists, newest
     * first, so that the oldest is taken first again. KEYS: taken local, local, taken reply,
     * reply. Returns how many items were moved.
     */
    static final String REQUEUE_TAKEN = """
            local moved = 0
            for i = 1, 3, 2 do
              local item = redis.call('LPOP', KEYS[i])
              while item do
                redis.call('RPUSH', KEYS[i + 1], item)
                moved = moved + 1
                item = redis.call('LPOP', KEYS[i])
              end
            end
            return moved
            """;

    /**
     * {@code LPUSH} and {@code LTRIM} of a message unless its marker is set; sets the marker. KEYS:
     * the list, the marker. ARGV: the message, the marker's TTL in ms, the last index kept.
     * Returns 1 when pushed, 0 when the marker was there, {@value #WRONG_TYPE} when the key is no
     * list (checked first: Redis does not undo a script's marker when a later command fails).
     */
    static final String PUSH_ONCE = """
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'list' and kind ~= 'none' then
              return -1
            end
            if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
              return 0
            end
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, ARGV[3])
            return 1
            """;

    /** What {@link #PUSH_ONCE} returns when its list is another type of key. */
    static final long WRONG_TYPE = -1;

    private LocalScripts() {}
}
