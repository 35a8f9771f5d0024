package dev.rmbee.federation.redis;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RedisFederationQueueIT} with the entries' writes ({@code XADD}, {@code XACK}, {@code XDEL})
 * on the relay's pipelined RESP client, as the relay runs it with {@code rmb.redis.hot-client=resp}:
 * the same commands reach Redis, the reads and claims still through Redisson.
 */
class RedisFederationQueueRespIT extends RedisFederationQueueIT {

    private static RespNode resp;

    @BeforeAll
    static void connectResp() {
        resp = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS);
    }

    @AfterAll
    static void disconnectResp() {
        resp.close();
    }

    @Override
    RedisFederationQueue queue(String instance, Duration claimIdle, Duration scanInterval) {
        return new RedisFederationQueue(client(), resp, executor(), instance, claimIdle, scanInterval);
    }
}
