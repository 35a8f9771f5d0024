package dev.rmbee.federation.redis;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RedisFederationQueueIT} with the entries' writes ({@code XADD}, {@code XACK}, {@code XDEL})
 * on the relay's pipelined RESP client and the workers' blocking reads on RESP connections of their
 * own, as the relay runs it with {@code rmb.redis.hot-client=resp}: the same commands reach Redis,
 * the claims still through Redisson.
 */
class RedisFederationQueueRespIT extends RedisFederationQueueIT {

    private static RespNode resp;
    /** Workers 0 to 2 read on connections of their own, worker 3 through Redisson. */
    private static final List<RespNode> READS = new ArrayList<>();

    @BeforeAll
    static void connectResp() {
        resp = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS);
        for (int worker = 0; worker < 3; worker++) {
            READS.add(RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS));
        }
    }

    @AfterAll
    static void disconnectResp() {
        resp.close();
        READS.forEach(RespNode::close);
    }

    @Override
    RedisFederationQueue queue(String instance, Duration claimIdle, Duration scanInterval) {
        return new RedisFederationQueue(
                client(), resp, List.copyOf(READS), executor(), instance, claimIdle, scanInterval);
    }
}
