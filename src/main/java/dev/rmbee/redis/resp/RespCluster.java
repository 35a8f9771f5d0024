package dev.rmbee.redis.resp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A Redis Cluster: one {@link RespNode} per master, a command sent to the master of its key's hash
 * slot (from {@code CLUSTER SLOTS}, read at the start and again after a redirect or a node that did
 * not answer). A {@code MOVED} reply refreshes the map and sends the command again to the node it
 * names; an {@code ASK} reply sends {@code ASKING} and the command, one right after the other, to
 * the node it names, without changing the map. At most {@value #MAX_REDIRECTS} redirects per
 * command.
 */
public final class RespCluster implements RespCommands {

    private static final Logger LOG = Logger.getLogger(RespCluster.class.getName());
    private static final int MAX_REDIRECTS = 5;
    private static final byte[][] CLUSTER_SLOTS = RespEncoder.utf8("CLUSTER", "SLOTS");
    private static final byte[][] ASKING = RespEncoder.utf8("ASKING");

    private final RespAddress seed;
    private final List<RespAddress> seeds;
    private final RespOptions options;
    private final Map<String, RespNode> nodes = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile ClusterSlotMap slots;

    private RespCluster(List<RespAddress> seeds, RespOptions options) {
        this.seed = seeds.get(0);
        this.seeds = List.copyOf(seeds);
        this.options = options;
    }

    /**
     * Connects to the seed nodes and reads the slot map from the first that answers, waiting at
     * most the connect timeout for it; without one, the map is read at the first command.
     */
    public static RespCluster connect(List<RespAddress> seeds, RespOptions options) {
        RespCluster cluster = new RespCluster(seeds, options);
        for (RespAddress address : seeds) {
            RespNode node = cluster.node(address.hostPort());
            try {
                cluster.slots = ClusterSlotMap.parse(
                        node.send(null, CLUSTER_SLOTS)
                                .get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS),
                        address.hostPort());
                break;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    break;
                }
                LOG.fine(() -> "no slot map from " + address.hostPort() + ": " + e.getMessage());
            }
        }
        return cluster;
    }

    @Override
    public CompletableFuture<Object> send(String key, byte[]... command) {
        return send(key, command, 0);
    }

    @Override
    public RespSubscriber subscribe(
            List<String> channels,
            BiConsumer<String, byte[]> listener,
            Runnable onSubscribed,
            Consumer<Throwable> onLost) {
        return RespSubscriber.start(seeds, options, channels, listener, onSubscribed, onLost);
    }

    private CompletableFuture<Object> send(String key, byte[][] command, int redirects) {
        return toMaster(key)
                .send(key, command)
                .exceptionallyCompose(error -> redirected(key, command, redirects, error));
    }

    private CompletableFuture<Object> redirected(String key, byte[][] command, int redirects, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RespUnavailableException) {
            refresh(); // a failover may have moved the slot
        }
        if (!(cause instanceof RespError reply) || redirects >= MAX_REDIRECTS) {
            return CompletableFuture.failedFuture(cause);
        }
        String[] words = reply.getMessage().split(" ");
        if (reply.kind().equals("MOVED") && words.length == 3) {
            refresh();
            return node(words[2])
                    .send(key, command)
                    .exceptionallyCompose(next -> redirected(key, command, redirects + 1, next));
        }
        if (reply.kind().equals("ASK") && words.length == 3) {
            return node(words[2])
                    .sendAll(ASKING, command)
                    .get(1)
                    .exceptionallyCompose(next -> redirected(key, command, redirects + 1, next));
        }
        return CompletableFuture.failedFuture(cause);
    }

    /** The node serving {@code key}'s slot; any known node for no key or an unknown slot. */
    private RespNode toMaster(String key) {
        ClusterSlotMap map = slots;
        String master = key == null || map == null ? null : map.master(HashSlots.of(key));
        if (master == null) {
            if (map == null) {
                refresh();
            }
            return node(seed.hostPort());
        }
        return node(master);
    }

    private RespNode node(String hostPort) {
        RespNode known = nodes.get(hostPort);
        if (known != null) {
            return known;
        }
        return nodes.computeIfAbsent(hostPort, name -> {
            int colon = name.lastIndexOf(':');
            RespAddress address = seed.at(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
            return RespNode.start(address, options);
        });
    }

    /** Reads the slot map again from the seed's node (one read at a time), without waiting for it. */
    private void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        RespNode from = nodes.values().stream()
                .filter(RespNode::isConnected)
                .findFirst()
                .orElse(node(seed.hostPort()));
        from.send(null, CLUSTER_SLOTS).whenComplete((reply, error) -> {
            try {
                if (error == null) {
                    slots = ClusterSlotMap.parse(reply, from.address().hostPort());
                }
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "redis cluster slot map not read: " + e.getMessage());
            } finally {
                refreshing.set(false);
            }
        });
    }

    @Override
    public void close() {
        nodes.values().forEach(RespNode::close);
    }
}
