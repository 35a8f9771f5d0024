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
    static final BusCalls.Script REQUEUE_TAKEN = BusCalls.Script.of("""
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
            """);

    /**
     * {@code LPUSH} of a message unless its marker is set, and {@code LTRIM} when the list grew
     * beyond its bound; sets the marker. KEYS: the list, the marker. ARGV: the message, the
     * marker's TTL in ms, the last index kept. Returns 1 when pushed, 0 when the marker was there,
     * {@value #WRONG_TYPE} when the key is no list (then the marker is taken back: Redis does not
     * undo a script's earlier writes when a later command fails).
     *
     * <p>Finished items may ride along: KEYS[3..] and the ARGV pairs after the first three are
     * what {@link #FINISH} takes (an {@code LREM} from a taken list, or a backlog's {@code SET}),
     * done first, whatever the push then finds; so a push spares a finish call of its own.
     */
    static final BusCalls.Script PUSH_ONCE = BusCalls.Script.of("""
            for i = 3, #KEYS do
              local ttl = ARGV[2 * i - 1]
              if ttl == '' then
                redis.call('LREM', KEYS[i], 1, ARGV[2 * i - 2])
              else
                redis.call('SET', KEYS[i], ARGV[2 * i - 2], 'PX', ttl)
              end
            end
            if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
              return 0
            end
            local length = redis.pcall('LPUSH', KEYS[1], ARGV[1])
            if type(length) == 'table' then
              redis.call('DEL', KEYS[2])
              return -1
            end
            if length > tonumber(ARGV[3]) + 1 then
              redis.call('LTRIM', KEYS[1], 0, ARGV[3])
            end
            return 1
            """);

    /**
     * Moves up to {@code ARGV[1]} items from the consuming (right) end of a list into the taken
     * list, oldest first, without blocking: what {@code BRPOPLPUSH} does for one item, for as many
     * as wait. KEYS: the list, the taken list. Returns the items taken, oldest first (empty when
     * the list was).
     */
    static final BusCalls.Script TAKE_SOME = BusCalls.Script.of("""
            local items = {}
            for i = 1, tonumber(ARGV[1]) do
              local item = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
              if not item then
                break
              end
              items[i] = item
            end
            return items
            """);

    /**
     * Finishes several taken items at once: for each key {@code KEYS[i]}, with ARGV[2i-1] and
     * ARGV[2i]: when ARGV[2i] is empty, {@code LREM KEYS[i] 1 ARGV[2i-1]} (a finished item leaves
     * its taken list); otherwise {@code SET KEYS[i] ARGV[2i-1] PX ARGV[2i]} (a request's backlog).
     * The backlog of a request and the removal of its item go in one call, so that a crash leaves
     * either the item to be taken again or the backlog its responses need. Returns how many items
     * were found in their taken lists.
     */
    static final BusCalls.Script FINISH = BusCalls.Script.of("""
            local found = 0
            for i = 1, #KEYS do
              local ttl = ARGV[2 * i]
              if ttl == '' then
                found = found + redis.call('LREM', KEYS[i], 1, ARGV[2 * i - 1])
              else
                redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ttl)
              end
            end
            return found
            """);

    /**
     * {@code LPUSH} of one message, and {@code LTRIM} when the list grew beyond its bound, in one
     * call. KEYS: the list. ARGV: the message, the last index kept. Returns the list's length
     * before the trim; fails with Redis's WRONGTYPE error when the key is no list.
     */
    static final BusCalls.Script PUSH = BusCalls.Script.of("""
            local length = redis.call('LPUSH', KEYS[1], ARGV[1])
            if length > tonumber(ARGV[2]) + 1 then
              redis.call('LTRIM', KEYS[1], 0, ARGV[2])
            end
            return length
            """);

    /** What {@link #PUSH_ONCE} returns when its list is another type of key. */
    static final long WRONG_TYPE = -1;

    private LocalScripts() {}
}
