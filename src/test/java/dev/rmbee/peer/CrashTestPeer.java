package dev.rmbee.peer;

import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;

/**
 * A whole peer of a test twin, as the server runs it but without a container: its gateway on a
 * Redis database (the takes through Redisson, the rest through the RESP client, as with the
 * server's default {@code rmb.redis.hot-client}) and its relay link. {@link #main} runs one in a child JVM, for {@code PeerCrashIT}
 * to kill with SIGKILL: arguments Redis address, database, twin, relay URL; it prints {@value
 * #STARTED} once started and runs until killed.
 */
final class CrashTestPeer implements AutoCloseable {

    static final String STARTED = "crash-test-peer started";

    private final ScheduledThreadPoolExecutor executor;
    private final RedissonClient redis;
    private final RespNode node;
    private final RelayLinks links;
    private final PeerGateway gateway;

    private CrashTestPeer(String redisAddress, int database, int twin, String relay) throws Exception {
        LocalTwinRegistry registry =
                new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
        executor = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread thread = new Thread(runnable, "crash-test-peer-" + twin);
            thread.setDaemon(true);
            return thread;
        });
        redis = TestRedisson.connect(redisAddress, database, 8);
        node = RespNode.connect(RespAddress.parse(redisAddress), RespOptions.DEFAULTS.withDatabase(database));
        Clock clock = Clock.systemUTC();
        PeerGateway[] started = new PeerGateway[1];
        links = new RelayLinks(
                List.of(relay),
                twin,
                TestTwins.signer(twin),
                frame -> started[0].onEnvelope(frame),
                executor,
                executor,
                clock,
                RelayLinkSettings.DEFAULTS);
        gateway = new PeerGateway(
                TestPeers.identity(twin, registry),
                registry,
                links,
                new RedisLocalBus(redis, node, executor, twin),
                executor,
                clock,
                PeerSettings.defaults("crash-test"));
        started[0] = gateway;
        gateway.start();
        links.start();
    }

    static CrashTestPeer start(String redisAddress, int database, int twin, String relay) throws Exception {
        return new CrashTestPeer(redisAddress, database, twin, relay);
    }

    @Override
    public void close() {
        gateway.stop(Duration.ofSeconds(5));
        links.close();
        redis.shutdown(0, 5, TimeUnit.SECONDS);
        node.close();
        executor.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
        System.out.println(STARTED);
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until killed
    }
}
