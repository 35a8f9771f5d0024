package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespScript;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * How {@link AcknowledgementBatches} runs its script ({@link SenderShares#ACKNOWLEDGE}): through
 * Redisson, or through the pipelined RESP client of the hot path ({@code rmb.redis.hot-client}).
 * Either answers the number of entries deleted; the stage may complete on the client's thread.
 */
interface AcknowledgementScript {

    /** Deletes the entries {@code ids} (ASCII stream ids) of the stream {@code key}. */
    CompletionStage<?> delete(String key, byte[][] ids);

    /** Through {@code hot}, or through Redisson when it is null. */
    static AcknowledgementScript of(RedissonClient redisson, RespCommands hot) {
        return hot == null ? redisson(redisson) : resp(hot);
    }

    /** Through Redisson: {@code EVAL} with the text, with Redisson's timeout and retries (deleting twice is harmless). */
    static AcknowledgementScript redisson(RedissonClient redisson) {
        RScript script = redisson.getScript(ByteArrayCodec.INSTANCE);
        return (key, ids) -> AsyncResults.call(() -> script.<Long>evalAsync(
                key,
                RScript.Mode.READ_WRITE,
                SenderShares.ACKNOWLEDGE,
                RScript.ReturnType.LONG,
                SenderShares.scriptKeys(key),
                (Object[]) ids));
    }

    /** Through the RESP client: {@code EVALSHA} ({@code EVAL} after a {@code NOSCRIPT}), failing after the client's command timeout. */
    static AcknowledgementScript resp(RespCommands redis) {
        RespScript script = new RespScript(SenderShares.ACKNOWLEDGE);
        return (key, ids) -> AsyncResults.call(() -> script.eval(redis, RespStreamReads.scriptKeys(key), ids));
    }
}
