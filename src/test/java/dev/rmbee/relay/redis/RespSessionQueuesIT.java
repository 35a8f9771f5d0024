package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.relay.SessionQueues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every check of {@link RedisSessionQueuesIT} with the appends' script sent through the pipelined
 * RESP client ({@code rmb.redis.hot-client=resp}): the same replies, keys and values as through
 * Redisson.
 */
class RespSessionQueuesIT extends RedisSessionQueuesIT {

    private static final List<RespNode> NODES = new CopyOnWriteArrayList<>();

    @Override
    RespCommands hotClient(String url) {
        RespNode node = RespNode.connect(RespAddress.parse(url), RespOptions.DEFAULTS);
        NODES.add(node);
        return node;
    }

    /** The RESP client completes the appends on its reader thread: no executor hop (docs/architecture.md). */
    @Override
    @Test
    void stagesCompleteOnTheExecutor() throws Exception {
        SessionQueues queues = newQueues(100, Duration.ofHours(1));
        AtomicReference<String> thread = new AtomicReference<>();

        queues.append(TWIN, "a".getBytes(StandardCharsets.UTF_8))
                .whenComplete((ok, error) -> thread.set(Thread.currentThread().getName()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        queues.close();

        String name = thread.get();
        assertTrue(
                name.startsWith("rmb-resp-reader ")
                        || name.equals(Thread.currentThread().getName()),
                name);
    }

    @AfterAll
    static void closeNodes() {
        NODES.forEach(RespNode::close);
        NODES.clear();
    }
}
