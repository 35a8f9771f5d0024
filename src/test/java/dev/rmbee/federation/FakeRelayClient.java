package dev.rmbee.federation;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Other relays without a socket: each domain answers its scripted statuses in order (the last one
 * for ever after) at once; a domain without a script refuses the connection, as a port where
 * nothing listens does. Every POST is recorded.
 */
final class FakeRelayClient implements RemoteRelayClient {

    /** One POST as sent, and when. */
    record Post(String domain, byte[] body, Instant at) {}

    private final Clock clock;

    private final Map<String, ArrayDeque<Integer>> scripts = new HashMap<>();
    private final Map<String, Integer> last = new HashMap<>();
    private final List<Post> posts = new ArrayList<>();

    /** Stamps each POST with the time of {@code clock}. */
    FakeRelayClient(Clock clock) {
        this.clock = clock;
    }

    /** {@code domain} answers {@code statuses} in order, then the last one. */
    synchronized FakeRelayClient answer(String domain, int... statuses) {
        ArrayDeque<Integer> script = new ArrayDeque<>();
        for (int status : statuses) {
            script.add(status);
        }
        scripts.put(domain, script);
        last.put(domain, statuses[statuses.length - 1]);
        return this;
    }

    @Override
    public synchronized CompletionStage<Integer> post(String domain, byte[] body) {
        posts.add(new Post(domain, body.clone(), clock.instant()));
        ArrayDeque<Integer> script = scripts.get(domain);
        if (script == null) {
            return CompletableFuture.failedFuture(new ConnectException("Connection refused: " + domain));
        }
        return CompletableFuture.completedFuture(script.isEmpty() ? last.get(domain) : script.poll());
    }

    synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** POSTs to {@code domain}. */
    synchronized int requests(String domain) {
        return (int) posts.stream().filter(post -> post.domain().equals(domain)).count();
    }

    /** POSTs to any domain. */
    synchronized int requests() {
        return posts.size();
    }
}
