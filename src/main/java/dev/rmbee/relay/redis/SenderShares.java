package dev.rmbee.relay.redis;

import java.util.List;
import java.util.Optional;

/**
 * The fair share of a session queue between senders: the Lua scripts that append to and delete
 * from a stream, and the companion hash they keep beside it ({@code rmb.relay.senders:{<stream
 * key>}}). The hash maps {@code c:<sender twin>} to how many entries that sender holds in the
 * stream and {@code i:<entry id>} to the sender of each entry appended by this relay; entries
 * without an {@code i:} field (written before, or by a reference relay sharing the Redis) count for
 * nobody.
 *
 * <p>A full stream ({@code maxLength} entries, exactly) refuses the newcomer instead of trimming,
 * and a sender already holding {@link #share} entries is refused too: one sender's flood can
 * neither push out nor crowd out what others sent. Nothing is ever dropped to make room.
 *
 * <p><b>Redis Cluster.</b> A script may touch only keys of one hash slot. The companion's name
 * puts the part of the stream key that Redis hashes inside braces, so both keys share a slot. When
 * that part itself holds a {@code }} (a session id with braces) no such name exists; that stream
 * gets no companion ({@link #countsKey} empty) and only its total bound.
 */
final class SenderShares {

    /** Prefix of a stream's companion hash. */
    static final String COUNTS_PREFIX = "rmb.relay.senders:";

    /**
     * KEYS: the stream, then its companion hash and its holder key ({@link SessionHolders}) if it
     * has them. ARGV: the bound, the share, the expiry in ms, the common wake-up channel ('' to
     * publish later), the session, this instance's id, then sender and envelope for each append.
     * Returns 1 (stored) or 0 (refused) for each append, in order, then the holder's id ('' for
     * none); on an empty stream the hash is reset (counts kept by nobody any more, e.g. after a purge
     * elsewhere). When something was stored it publishes the session to its holder's channel, to
     * nobody when this instance holds it, to the common channel when nobody does.
     */
    static final String APPEND = """
            local max = tonumber(ARGV[1])
            local share = tonumber(ARGV[2])
            local counts = KEYS[2]
            local length = redis.call('XLEN', KEYS[1])
            if counts and length == 0 then
              redis.call('DEL', counts)
            end
            local stored = {}
            local added = 0
            for i = 7, #ARGV, 2 do
              local ok = 0
              if length < max then
                local field = 'c:' .. ARGV[i]
                local held = 0
                if counts then
                  held = tonumber(redis.call('HGET', counts, field) or '0')
                end
                if held < share then
                  local id = redis.call('XADD', KEYS[1], '*', '_', ARGV[i + 1])
                  if counts then
                    redis.call('HINCRBY', counts, field, 1)
                    redis.call('HSET', counts, 'i:' .. id, ARGV[i])
                  end
                  length = length + 1
                  added = added + 1
                  ok = 1
                end
              end
              stored[#stored + 1] = ok
            end
            if added > 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              if counts then
                redis.call('PEXPIRE', counts, ARGV[3])
              end
            end
            local holder = ''
            if KEYS[3] and added > 0 then
              holder = redis.call('GET', KEYS[3]) or ''
              if holder ~= '' then
                redis.call('PEXPIRE', KEYS[3], ARGV[3])
              end
            end
            if added > 0 and ARGV[4] ~= '' and holder ~= ARGV[6] then
              if holder == '' then
                redis.call('PUBLISH', ARGV[4], ARGV[5])
              else
                redis.call('PUBLISH', ARGV[4] .. ':' .. holder, ARGV[5])
              end
            end
            stored[#stored + 1] = holder
            return stored
            """;

    /**
     * KEYS: the stream, then its companion hash if it has one. ARGV: the entry ids. Takes each
     * entry off its sender's count, then {@code XDEL}s them all; returns how many were deleted.
     */
    static final String ACKNOWLEDGE = """
            local counts = KEYS[2]
            if counts then
              for i = 1, #ARGV do
                local sender = redis.call('HGET', counts, 'i:' .. ARGV[i])
                if sender then
                  redis.call('HDEL', counts, 'i:' .. ARGV[i])
                  if redis.call('HINCRBY', counts, 'c:' .. sender, -1) <= 0 then
                    redis.call('HDEL', counts, 'c:' .. sender)
                  end
                end
              end
            end
            if #ARGV == 0 then
              return 0
            end
            return redis.call('XDEL', KEYS[1], unpack(ARGV))
            """;

    private SenderShares() {}

    /** What one sender may hold of a queue bounded by {@code maxLength}: half, at least one. */
    static int share(int maxLength) {
        return Math.max(1, maxLength / 2);
    }

    /**
     * The companion hash of a stream, in the stream's hash slot: {@code rmb.relay.senders:{<key>}}
     * for a key without a hash tag, {@code rmb.relay.senders:{<tag>}<key>} for one with a tag; empty
     * when the hashed part holds a {@code }}.
     */
    static Optional<String> countsKey(String streamKey) {
        String tag = hashTag(streamKey);
        if (tag.indexOf('}') >= 0) {
            return Optional.empty();
        }
        String suffix = tag.equals(streamKey) ? "" : streamKey;
        return Optional.of(COUNTS_PREFIX + "{" + tag + "}" + suffix);
    }

    /**
     * The keys a script on the stream touches: the stream, and its companion and holder key ({@link
     * SessionHolders#holderKey}) if it has them, all in its hash slot.
     */
    static List<Object> scriptKeys(String streamKey) {
        return countsKey(streamKey)
                .<List<Object>>map(counts -> List.of(
                        streamKey, counts, SessionHolders.holderKey(streamKey).orElseThrow()))
                .orElseGet(() -> List.of(streamKey));
    }

    /**
     * The part of a key that Redis Cluster hashes: what lies between the first {@code {} and the
     * first {@code }} after it when that is not empty, else the whole key.
     */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }
}
