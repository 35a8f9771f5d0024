package dev.rmbee.relay.redis;

import dev.rmbee.relay.QueuedMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * The reads of the session queues: {@code XRANGE stream:<s> - + COUNT <max>}, or from the exclusive
 * start {@code (<afterId>} (Redis 6.2 or later); entries without exactly the field {@code _} are
 * skipped. The first read of a new connection, and a read after a wake-up on the common channel
 * (the session had no holder), is the {@link SessionHolders#READ} script instead, which also claims
 * or retakes the session's holder key; every other read is the plain command. A read waits for
 * Redis at most the limits' timeout and is not retried (its caller reads again); a Redis that did
 * not answer is reported to the outage tracker, an answer ends an outage. Through Redisson ({@link
 * RedissonStreamReads}) or through the hot path's RESP client ({@link RespStreamReads}), as {@code
 * rmb.redis.hot-client} says.
 */
interface StreamReads {

    /**
     * @param key the stream
     * @param afterId the id after which to read, null from the start
     * @param holder null for a plain read, else the read script's mode ({@link SessionHolders#CLAIM}
     *     for the first read of a new connection here, {@link SessionHolders#KEEP} to retake a holder
     *     that is gone)
     */
    CompletionStage<List<QueuedMessage>> read(String key, String afterId, int max, String holder);

    /**
     * An {@code XRANGE} reply as a list: {@code [id, [field, value, …]]} per entry (ids and fields
     * as bytes), the entries without exactly the field {@code _} skipped.
     */
    static List<QueuedMessage> toMessages(String key, List<?> entries) {
        List<QueuedMessage> messages = new ArrayList<>(entries.size());
        for (Object item : entries) {
            List<?> entry = (List<?>) item;
            String id = new String((byte[]) entry.get(0), StandardCharsets.US_ASCII);
            List<?> fields = (List<?>) entry.get(1);
            if (fields.size() != 2
                    || !RedisSessionQueues.FIELD.equals(new String((byte[]) fields.get(0), StandardCharsets.UTF_8))) {
                Logger.getLogger(RedisSessionQueues.class.getName())
                        .fine(() -> "skipping entry " + id + " of " + key + ": " + fields.size() / 2
                                + " fields instead of exactly " + RedisSessionQueues.FIELD);
                continue;
            }
            messages.add(new QueuedMessage(id, (byte[]) fields.get(1)));
        }
        return messages;
    }
}
