package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Options;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.PeerIdentity;
import dev.rmbee.peer.PeerSettings;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The {@code peer} command ({@link PeerLoad}): one peer gateway as in production minus the
 * container: {@link RelayLinks} to the relay, {@link RedisLocalBus} on one database of the local
 * Redis (Redisson, a pool the size of the peer's share of the server's client in
 * {@code RedisProducer}, for the takes; with {@code --bus resp}, the default, a {@link RespNode} for
 * the other commands, as the server with {@code rmb.redis.hot-client=resp}; {@code --bus redisson}:
 * all through Redisson), {@link PeerGateway} with the default
 * settings, all on one {@link ScheduledThreadPoolExecutor} of {@code --threads} threads (the
 * container gives a managed executor). It writes {@code --ready} once its link is up and runs until
 * killed.
 */
final class BenchPeer {

    private BenchPeer() {}

    static void run(Options options) throws Exception {
        String secret = options.string("secret", null);
        KeyType type = KeyType.parse(options.string("key-type", "sr25519"));
        String relay = options.string("relay", null);
        Options.loopback(relay);
        int redisPort = options.integer("redis-port", 0);
        int database = options.integer("db", 0);
        int threads = options.integer("threads", 4);
        String ready = options.string("ready", "");
        boolean resp = switch (options.string("bus", "resp")) {
            case "resp" -> true;
            case "redisson" -> false;
            default -> throw new IllegalArgumentException("--bus is resp or redisson");
        };

        LocalTwinRegistry registry = new LocalTwinRegistry();
        for (String file : options.string("registry", null).split(",")) {
            TwinFiles.read(Path.of(file.trim())).forEach(registry::put);
        }
        ScheduledThreadPoolExecutor executor = executor(threads);
        RedissonClient redisson = redisson(redisPort, database);
        RespNode node = resp
                ? RespNode.connect(
                        RespAddress.parse("redis://127.0.0.1:" + redisPort),
                        RespOptions.DEFAULTS.withDatabase(database))
                : null;
        Signer signer = SubstrateKeys.signer(secret, type);
        PeerIdentity identity =
                PeerIdentity.resolve(registry, signer, E2eKey.fromSecret(secret, type), OptionalInt.empty());
        Clock clock = Clock.systemUTC();
        PeerGateway[] started = new PeerGateway[1];
        RelayLinks links = new RelayLinks(
                List.of(relay),
                identity.twinId(),
                signer,
                frame -> started[0].onEnvelope(frame),
                executor,
                executor,
                clock,
                RelayLinkSettings.DEFAULTS);
        PeerGateway gateway = new PeerGateway(
                identity,
                registry,
                links,
                node == null
                        ? new RedisLocalBus(redisson, executor, identity.twinId())
                        : new RedisLocalBus(redisson, node, executor, identity.twinId()),
                executor,
                clock,
                PeerSettings.defaults("peer-bench"));
        started[0] = gateway;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            links.close();
            gateway.stop(Duration.ofSeconds(2));
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
            if (node != null) {
                node.close();
            }
            stopped.countDown();
        }));
        gateway.start();
        links.start();
        awaitConnected(links);
        PeerLoad.LOG.log(
                "peer: twin %d connected to %s, local API on database %d of 127.0.0.1:%d (%s), %d threads (pid %d)",
                identity.twinId(),
                relay,
                database,
                redisPort,
                resp ? "takes through Redisson, the rest through RESP" : "all through Redisson",
                threads,
                ProcessHandle.current().pid());
        if (!ready.isEmpty()) {
            Files.writeString(
                    Path.of(ready), Long.toString(ProcessHandle.current().pid()));
        }
        stopped.await();
    }

    /** The peer's one executor, in place of the container's managed one. */
    private static ScheduledThreadPoolExecutor executor(int threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "peer-worker");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** A Redisson client on one database of the local Redis, with the peer's share of the server's pool. */
    private static RedissonClient redisson(int port, int database) {
        Config config = new Config();
        config.useSingleServer()
                .setAddress("redis://127.0.0.1:" + port)
                .setDatabase(database)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16);
        return Redisson.create(config);
    }

    private static void awaitConnected(RelayLinks links) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!links.anyConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay link did not connect: " + links.status());
            }
            Thread.sleep(50);
        }
    }
}
