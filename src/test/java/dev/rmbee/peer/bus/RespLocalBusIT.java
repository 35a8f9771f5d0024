package dev.rmbee.peer.bus;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.redisson.api.RedissonClient;

/**
 * {@link RedisLocalBusIT}'s checks with the bus's scripts and {@code GET} through the RESP client
 * (the takes stay Redisson's): the same commands and bytes as MONITOR shows them; a finish
 * completes on the connection's reader thread.
 */
class RespLocalBusIT extends RedisLocalBusIT {

    private RespNode node;

    @Override
    LocalBus newBus(RedissonClient client, Executor completions) {
        node = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS);
        return new RedisLocalBus(client, node, completions, TWIN);
    }

    /** A finish completes where the RESP connection read its reply, without a hand-over. */
    @Override
    String finishCompletesOn() {
        return "rmb-resp-reader";
    }

    @AfterAll
    void closeNode() {
        node.close();
    }
}
