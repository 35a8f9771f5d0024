package dev.rmbee.registry.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.registry.AdminStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

/**
 * Writes administrator's changes to the hash {@value RedisAdminTwins#HASH} and announces them on
 * {@value RedisAdminTwins#CHANNEL}, in one script call: each change gets the next revision (Redis's
 * clock in microseconds, at least the last revision plus one), is stored under its twin id (a
 * "cleared" change removes the id instead) and published.
 */
final class SharedWrites {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    // KEYS[1] the hash; ARGV[1] the channel, then per change: the twin id, the value's tail
    private static final String WRITE = """
            local values = {}
            for i = 2, #ARGV, 2 do
              local time = redis.call('TIME')
              local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
              local last = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
              local rev = string.format('%.0f', math.max(last + 1, now))
              redis.call('HSET', KEYS[1], 'revision', rev)
              local value = '{"id":' .. ARGV[i] .. ',"rev":' .. rev .. ',' .. ARGV[i + 1]
              if ARGV[i + 1] == '"cleared":true}' then
                redis.call('HDEL', KEYS[1], ARGV[i])
              else
                redis.call('HSET', KEYS[1], ARGV[i], value)
              end
              redis.call('PUBLISH', ARGV[1], value)
              values[#values + 1] = value
            end
            return values
            """;

    private final RedissonClient redisson;

    /** Redis did not answer in time: the script may still run (and its change reach every instance). */
    private static AdminStoreException unanswered(Exception e) {
        return new AdminStoreException(
                "Redis did not answer in time: the change may still be made, and then reach every instance"
                        + " (read the twin again)",
                e);
    }

    SharedWrites(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Runs the script for these changes; returns them as Redis stored them, in order. */
    List<SharedEdit> write(List<Integer> ids, List<String> tails) throws AdminStoreException {
        List<Object> args = new ArrayList<>();
        args.add(RedisAdminTwins.CHANNEL);
        for (int i = 0; i < ids.size(); i++) {
            args.add(Integer.toUnsignedString(ids.get(i)));
            args.add(tails.get(i));
        }
        List<Object> values;
        try {
            values = redisson.getScript(StringCodec.INSTANCE)
                    .<List<Object>>evalAsync(
                            RedisAdminTwins.HASH,
                            RScript.Mode.READ_WRITE,
                            WRITE,
                            RScript.ReturnType.LIST,
                            List.of(RedisAdminTwins.HASH),
                            args.toArray())
                    .toCompletableFuture()
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminStoreException("interrupted while writing to Redis: read the twin again", e);
        } catch (TimeoutException e) {
            throw unanswered(e);
        } catch (ExecutionException | RuntimeException e) {
            if (AsyncResults.unwrap(e) instanceof RedisTimeoutException) {
                throw unanswered(e);
            }
            throw new AdminStoreException(
                    "the twins shared in Redis cannot be changed now: " + AsyncResults.describe(e)
                            + " (nothing changed)",
                    e);
        }
        return values.stream().map(value -> SharedEdit.parse(value.toString())).toList();
    }
}
