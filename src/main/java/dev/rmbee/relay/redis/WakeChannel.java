package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.wire.SessionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * The wake-up channels of one instance: its own, {@code rmb.relay.wake:<instance id>}, on which
 * appends to the sessions it holds are announced ({@link SessionHolders}), and the common {@value
 * RedisSessionQueues#WAKE_CHANNEL}, on which appends to sessions without a holder are announced to
 * every instance. Subscribed at the first listener or resync callback, retried until it works;
 * every (re)subscription of either (the first, and Redisson's after a reconnect) runs the resync
 * callbacks, because publications may have been missed. Listeners and callbacks run on Redisson's
 * threads and must be quick.
 */
final class WakeChannel {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());
    /** With Redis away every publish and every resubscription fails: once a minute each, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private static final String CHANNEL = RedisSessionQueues.WAKE_CHANNEL;
    private static final long RESUBSCRIBE_DELAY_MILLIS = 1000;
    private static final int MAX_UNHELD = 10_000;

    private final String instanceId;
    private final RedissonClient redisson;
    private final List<RTopic> topics;
    private final ScheduledExecutorService executor;
    private final List<Consumer<SessionKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncCallbacks = new CopyOnWriteArrayList<>();
    private final Set<SessionKey> unheld = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    private final Object lock = new Object();
    // guarded by lock
    private boolean subscriptionStarted;
    private final List<TopicListener> topicListeners = new ArrayList<>();
    private volatile boolean closed;

    private final RedisOutage outage;

    /**
     * @param instanceId this instance's id, which names its own channel
     * @param executor runs the retries of a failed subscription
     * @param outage learns of every command Redis did not answer (and logs the outage once)
     */
    WakeChannel(RedissonClient redisson, String instanceId, ScheduledExecutorService executor, RedisOutage outage) {
        this.instanceId = instanceId;
        this.redisson = redisson;
        this.topics = List.of(topic(CHANNEL), topic(SessionHolders.channel(instanceId)));
        this.executor = executor;
        this.outage = outage;
    }

    private RTopic topic(String channel) {
        return redisson.getTopic(channel, StringCodec.INSTANCE);
    }

    /** This instance's id, which names its own channel. */
    String instanceId() {
        return instanceId;
    }

    /**
     * {@code PUBLISH} of the session to its holder's channel, to the common one when {@code holder}
     * is empty, to nobody when it is this instance; a failure is logged (the listeners' resync
     * catches up).
     */
    void publish(SessionKey session, String holder) {
        if (holder.equals(instanceId)) {
            return;
        }
        String channel = holder.isEmpty() ? CHANNEL : SessionHolders.channel(holder);
        AsyncResults.call(() -> topic(channel).publishAsync(session.toString())).whenComplete((receivers, error) -> {
            if (error != null && !outage.failed("PUBLISH " + channel, error)) {
                FAILURES.log(
                        "publish",
                        LOG,
                        Level.WARNING,
                        LogFields.session(session),
                        () -> "redis error: PUBLISH " + channel + " failed: " + AsyncResults.describe(error));
            }
        });
    }

    void subscribe(Consumer<SessionKey> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        startSubscription();
    }

    void onResync(Runnable callback) {
        resyncCallbacks.add(Objects.requireNonNull(callback, "callback"));
        startSubscription();
    }

    /** Completes once the channel is subscribed for the first time; never fails. */
    CompletionStage<Void> listening() {
        return listening.minimalCompletionStage();
    }

    /** Unsubscribes; completes when Redis answered. No subscription starts after this. */
    CompletionStage<Void> close() {
        synchronized (lock) {
            closed = true;
        }
        return removeTopicListeners();
    }

    private void startSubscription() {
        synchronized (lock) {
            if (subscriptionStarted || closed) {
                return;
            }
            subscriptionStarted = true;
        }
        subscribeTopic();
    }

    /** Adds the status and message listeners to both topics; retried until it works. */
    private void subscribeTopic() {
        if (closed) {
            return;
        }
        CompletableFuture<?>[] subscriptions = topics.stream()
                .map(topic -> subscribe(topic).toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(subscriptions).whenComplete((done, error) -> {
            if (error == null) {
                // the status listener's first onSubscribe may not come if the client had
                // already subscribed the channel: resync here too (callbacks tolerate repeats)
                resync();
                listening.complete(null);
            } else {
                retrySubscription(error);
            }
        });
    }

    private CompletionStage<Void> subscribe(RTopic topic) {
        StatusListener status = new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                resync();
            }

            @Override
            public void onUnsubscribe(String channel) {
                // nothing: the re-subscription (onSubscribe) is what matters
            }
        };
        boolean common = topic == topics.get(0);
        MessageListener<String> wake = (channel, message) -> wake(message, common);
        return AsyncResults.call(() -> topic.addListenerAsync(status).thenCompose(statusId -> {
                    keepTopicListener(topic, statusId);
                    return topic.addListenerAsync(String.class, wake);
                }))
                .thenAccept(wakeId -> keepTopicListener(topic, wakeId));
    }

    private void retrySubscription(Throwable error) {
        if (!outage.failed("subscribing to " + CHANNEL + " and " + SessionHolders.channel(instanceId), error)) {
            logSubscriptionFailure(error);
        }
        removeTopicListeners();
        try {
            executor.schedule(this::subscribeTopic, RESUBSCRIBE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warning(() -> "no executor to retry the subscription to " + CHANNEL);
        }
    }

    private void logSubscriptionFailure(Throwable error) {
        FAILURES.log(
                "subscribe",
                LOG,
                Level.WARNING,
                LogFields.none(),
                () -> "redis error: subscribing to " + CHANNEL + " and " + SessionHolders.channel(instanceId)
                        + " failed, retrying every " + RESUBSCRIBE_DELAY_MILLIS + " ms: "
                        + AsyncResults.describe(error));
    }

    private void keepTopicListener(RTopic topic, Integer id) {
        boolean remove;
        synchronized (lock) {
            remove = closed;
            if (!remove) {
                topicListeners.add(new TopicListener(topic, id));
            }
        }
        if (remove) {
            topic.removeListenerAsync(id);
        }
    }

    private CompletionStage<Void> removeTopicListeners() {
        List<TopicListener> kept;
        synchronized (lock) {
            kept = new ArrayList<>(topicListeners);
            topicListeners.clear();
        }
        CompletableFuture<?>[] removals = kept.stream()
                .map(listener -> AsyncResults.call(() -> listener.topic().removeListenerAsync(listener.id()))
                        .toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(removals);
    }

    /** Calls the listeners with a session held here that was appended to here (no PUBLISH for it). */
    void wakeHere(SessionKey session) {
        for (Consumer<SessionKey> listener : listeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session queue listener failed", e);
            }
        }
    }

    /**
     * Whether the session was announced on the common channel (it had no holder) since the last
     * call; the read that follows then retakes the holder key. At most {@value #MAX_UNHELD} sessions
     * are remembered (most are other instances' or offline): past that the memory starts afresh, and
     * a session forgotten so is announced on the common channel until its next connection.
     */
    boolean heardUnheld(SessionKey session) {
        return !unheld.isEmpty() && unheld.remove(session);
    }

    private void wake(String message, boolean common) {
        SessionKey session;
        try {
            session = SessionKey.parse(message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "ignoring " + CHANNEL + " message that is no session: " + message);
            return;
        }
        if (common) {
            if (unheld.size() >= MAX_UNHELD) {
                unheld.clear();
            }
            unheld.add(session);
        }
        wakeHere(session);
    }

    private void resync() {
        LOG.fine(() -> "subscribed to " + CHANNEL + ": resynchronizing listeners");
        outage.answered();
        for (Runnable callback : resyncCallbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session queue resync callback failed", e);
            }
        }
    }

    /** A listener added to one of the topics, to be removed at close. */
    private record TopicListener(RTopic topic, Integer id) {}
}
