package dev.rmbee.testing;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The one way tests connect Redisson to a test Redis ({@link RedisServerExtension#address()} or the
 * build's redis-server): one server, a small pool and few threads, so that many clients in one test
 * JVM stay light. Shut the client down when the test is done.
 */
public final class TestRedisson {

    /** Netty threads per client (Redisson's default is 32, too many for a test JVM holding several). */
    private static final int NETTY_THREADS = 4;

    private TestRedisson() {}

    /** A client of database 0 with a pool of {@code poolSize} connections. */
    public static RedissonClient connect(String address, int poolSize) {
        return connect(address, 0, poolSize);
    }

    /** A client of {@code database} with a pool of {@code poolSize} connections and one for pub/sub. */
    public static RedissonClient connect(String address, int database, int poolSize) {
        Config config = new Config();
        config.setNettyThreads(NETTY_THREADS);
        config.useSingleServer()
                .setAddress(address)
                .setDatabase(database)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(poolSize)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        return Redisson.create(config);
    }
}
