package dev.rmbee.peer;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Gateways for the test twins of twins.json ({@link TestTwins}), each with its own Redis database
 * (twin id = database number, as each reference peer has its own Redis), joined by a {@link
 * RoutingTransport}; per twin, what a local client or service does with that Redis; and what they
 * all have in progress ({@link PeerActivity}), to wait until they are idle.
 */
final class TestPeers implements AutoCloseable {

    /** One running gateway and its local Redis. */
    final class Peer {
        final int twin;
        final PeerGateway gateway;
        final RedissonClient redis;

        Peer(int twin, PeerGateway gateway, RedissonClient redis) {
            this.twin = twin;
            this.gateway = gateway;
            this.redis = redis;
        }

        /** What a client does: {@code LPUSH <list> <json>}. */
        void push(String list, String json) {
            redis.<String>getDeque(list, StringCodec.INSTANCE).addFirst(json);
        }

        /** What a consumer does: {@code BRPOP <list> 30}; fails when nothing comes. */
        String pop(String list) throws InterruptedException {
            String json =
                    redis.<String>getBlockingDeque(list, StringCodec.INSTANCE).pollLast(30, TimeUnit.SECONDS);
            if (json == null) {
                throw new AssertionError("nothing in " + list + " of twin " + twin + " within 30 s");
            }
            return json;
        }

        int length(String list) {
            return redis.<String>getList(list, StringCodec.INSTANCE).size();
        }
    }

    private final RedisServerExtension server;
    private final PeerActivity activity;
    private final Map<Integer, RedissonClient> clients = new HashMap<>();
    private final Map<Integer, RespNode> nodes = new HashMap<>();
    private final List<Peer> running = new ArrayList<>();
    final RoutingTransport transport;

    /** @param activity counts the work of the gateways' executor, buses and transport */
    TestPeers(RedisServerExtension server, PeerActivity activity) {
        this.server = server;
        this.activity = activity;
        this.transport = new RoutingTransport(activity);
    }

    /**
     * Waits until no gateway has anything in progress (see {@link PeerActivity}): after that, what
     * has not happened will not happen without the test doing something.
     */
    void awaitIdle(String what) {
        activity.awaitIdle(what);
    }

    /** The local Redis of {@code twin} (its own database), connected once. */
    RedissonClient redis(int twin) {
        return clients.computeIfAbsent(twin, id -> {
            return TestRedisson.connect(server.address(), id, 8);
        });
    }

    /** The RESP connection of {@code twin}'s gateway to its database (the server's default client). */
    private RespNode node(int twin) {
        return nodes.computeIfAbsent(
                twin,
                id -> RespNode.connect(RespAddress.parse(server.address()), RespOptions.DEFAULTS.withDatabase(id)));
    }

    static PeerIdentity identity(int twin, TwinRegistry registry) throws Exception {
        JsonObject record = TestTwins.twin(twin);
        KeyType type = KeyType.parse(record.getString("keyType"));
        E2eKey e2e = E2eKey.fromSecret(record.getString("secret"), type);
        // no id given: the peer finds its twin by its account, as rmb-peer does on chain
        return PeerIdentity.resolve(registry, TestTwins.signer(twin), e2e, OptionalInt.empty());
    }

    static E2eKey e2eKey(int twin) {
        JsonObject record = TestTwins.twin(twin);
        return E2eKey.fromSecret(record.getString("secret"), KeyType.parse(record.getString("keyType")));
    }

    /**
     * Starts a gateway for {@code twin} and attaches it to the transport; {@code executor} should
     * be one of {@link PeerActivity#executor}, so that its work counts.
     */
    Peer start(int twin, TwinRegistry registry, ScheduledExecutorService executor, Clock clock, PeerSettings settings)
            throws Exception {
        RedissonClient redis = redis(twin);
        PeerGateway gateway = new PeerGateway(
                identity(twin, registry),
                registry,
                transport.of(twin),
                activity.track(new RedisLocalBus(redis, node(twin), executor, twin)),
                executor,
                clock,
                settings);
        transport.attach(twin, gateway);
        gateway.start();
        Peer peer = new Peer(twin, gateway, redis);
        running.add(peer);
        return peer;
    }

    /** Stops every gateway, all at once (each must finish what it holds), and forgets them. */
    void stopAll() {
        transport.release();
        List<CompletableFuture<Boolean>> stops = new ArrayList<>();
        for (Peer peer : running) {
            stops.add(CompletableFuture.supplyAsync(() -> peer.gateway.stop(Duration.ofSeconds(10))));
        }
        for (int i = 0; i < stops.size(); i++) {
            if (!stops.get(i).join()) {
                throw new AssertionError("gateway of twin " + running.get(i).twin + " did not stop in time");
            }
        }
        running.clear();
        transport.detachAll();
    }

    @Override
    public void close() {
        clients.values().forEach(client -> client.shutdown(0, 5, TimeUnit.SECONDS));
        nodes.values().forEach(RespNode::close);
        transport.shutdown();
    }
}
