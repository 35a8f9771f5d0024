package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.relay.QueuedMessage;
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
 * Every check of {@link RedisSessionQueuesIT} with the appends, reads, acknowledgements and
 * wake-ups sent through the pipelined RESP client ({@code rmb.redis.hot-client=resp}): the same
 * replies, keys and values as through Redisson.
 */
class RespSessionQueuesIT extends RedisSessionQueuesIT {

    private static final List<RespNode> NODES = new CopyOnWriteArrayList<>();

    @Override
    RespCommands hotClient(String url) {
        RespNode node = RespNode.connect(RespAddress.parse(url), RespOptions.DEFAULTS);
        NODES.add(node);
        return node;
    }

    /**
     * The RESP client completes the appends and the reads Redis answered on its reader thread: no
     * executor hop (docs/architecture.md).
     */
    @Override
    @Test
    void stagesCompleteOnTheExecutor() throws Exception {
        SessionQueues queues = newQueues(100, Duration.ofHours(1));
        AtomicReference<String> appended = new AtomicReference<>();
        AtomicReference<String> read = new AtomicReference<>();

        queues.append(TWIN, "a".getBytes(StandardCharsets.UTF_8))
                .whenComplete((ok, error) -> appended.set(Thread.currentThread().getName()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        List<QueuedMessage> messages = queues.read(TWIN, null, 10)
                .whenComplete((ok, error) -> read.set(Thread.currentThread().getName()))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        queues.close();

        assertEquals(1, messages.size());
        for (String name : List.of(appended.get(), read.get())) {
            assertTrue(
                    name.startsWith("rmb-resp-reader ")
                            || name.equals(Thread.currentThread().getName()),
                    name);
        }
    }

    @AfterAll
    static void closeNodes() {
        NODES.forEach(RespNode::close);
        NODES.clear();
    }
}
