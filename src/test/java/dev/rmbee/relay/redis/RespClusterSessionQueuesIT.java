package dev.rmbee.relay.redis;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCluster;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * Every check of {@link RedisClusterSessionQueuesIT} with the appends' script sent through the
 * RESP client's cluster routing ({@code rmb.redis.hot-client=resp} on a Redis Cluster).
 */
class RespClusterSessionQueuesIT extends RedisClusterSessionQueuesIT {

    private static final List<RespCluster> CLUSTERS = new CopyOnWriteArrayList<>();

    @Override
    RespCommands hotClient(int clusterPort) {
        RespCluster cluster = RespCluster.connect(
                List.of(RespAddress.parse("redis://127.0.0.1:" + clusterPort)), RespOptions.DEFAULTS);
        CLUSTERS.add(cluster);
        return cluster;
    }

    @AfterAll
    static void closeClusters() {
        CLUSTERS.forEach(RespCluster::close);
        CLUSTERS.clear();
    }
}
