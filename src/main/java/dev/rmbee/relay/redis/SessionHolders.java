package dev.rmbee.relay.redis;

import java.util.Optional;

/**
 * Which relay instance serves a session, recorded next to its stream so that an append wakes that
 * instance only: the string {@code rmb.relay.holder:{<stream key>}} (in the stream's hash slot, named
 * like the companion hash of {@link SenderShares}) holds the id of the instance whose connection of
 * the session started last. The first read of a new connection sets it, in the same script as its
 * {@code XRANGE} ({@link #READ}, mode {@code claim}), so an append either comes before that read
 * (and is read by it) or finds the new holder. Later reads are plain {@code XRANGE}s, except the
 * first after a wake-up on the common channel (mode {@code keep}: the holder is taken again when it
 * is gone, never from another instance's newer connection).
 * It expires like the stream, refreshed by every append that stores something, so an instance
 * that died leaves no holder behind for longer than the queue expiry, and the session's next
 * connection, wherever it starts, overwrites it at once.
 *
 * <p>The append script publishes the session on {@code rmb.relay.wake:<holder id>} when the holder is
 * another instance, on nothing when it is the appending instance (whose caller wakes the session's
 * delivery itself), and on the common channel {@code rmb.relay.wake} when there is no holder (expired,
 * or a stream without a companion, see {@link SenderShares#countsKey}): a connected session is never
 * left without a wake-up, at worst every instance hears it.
 */
final class SessionHolders {

    /** Prefix of a stream's holder key. */
    static final String HOLDER_PREFIX = "rmb.relay.holder:";

    /** The read script's mode for the first read of a new connection: this instance now holds the session. */
    static final String CLAIM = "claim";

    /** The read script's mode for every later read: retake a holder that is gone, never take it from another. */
    static final String KEEP = "keep";

    /**
     * KEYS: the stream, then (optionally) its companion hash and its holder key. ARGV: the start
     * ({@code -} or {@code (<id>}), the count, this instance's id, the holder's expiry in ms, the
     * mode ({@link #CLAIM} or {@link #KEEP}). Returns the {@code XRANGE} reply.
     */
    static final String READ = """
            local holder = KEYS[3]
            if holder then
              if ARGV[5] == 'claim' then
                redis.call('SET', holder, ARGV[3], 'PX', ARGV[4])
              else
                redis.call('SET', holder, ARGV[3], 'PX', ARGV[4], 'NX')
              end
            end
            return redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])
            """;

    private SessionHolders() {}

    /** The holder key of a stream, in its hash slot; empty when its companion hash has no name either. */
    static Optional<String> holderKey(String streamKey) {
        return SenderShares.countsKey(streamKey)
                .map(counts -> HOLDER_PREFIX + counts.substring(SenderShares.COUNTS_PREFIX.length()));
    }

    /** The channel on which the instance {@code instanceId} hears of appends to the sessions it holds. */
    static String channel(String instanceId) {
        return RedisSessionQueues.WAKE_CHANNEL + ":" + instanceId;
    }
}
