package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * The wake-ups through Redisson's topics: a status and a message listener on each channel's
 * topic, added again every {@value #RESUBSCRIBE_DELAY_MILLIS} ms until both topics have them;
 * Redisson re-subscribes after a reconnection itself (the status listener's {@code onSubscribe}).
 * Messages and callbacks run on Redisson's threads.
 */
final class RedissonWakeTransport implements WakeTransport {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());
    /** With Redis away every resubscription fails: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private static final long RESUBSCRIBE_DELAY_MILLIS = 1000;

    private final RedissonClient redisson;
    private final ScheduledExecutorService executor;
    private final RedisOutage outage;

    /**
     * @param executor runs the retries of a failed subscription
     * @param outage learns of every subscription Redis did not answer (and logs the outage once)
     */
    RedissonWakeTransport(RedissonClient redisson, ScheduledExecutorService executor, RedisOutage outage) {
        this.redisson = redisson;
        this.executor = executor;
        this.outage = outage;
    }

    @Override
    public CompletionStage<?> publish(String channel, String message) {
        return AsyncResults.call(() -> topic(channel).publishAsync(message));
    }

    @Override
    public Subscription subscribe(List<String> channels, BiConsumer<String, String> onMessage, Runnable onSubscribed) {
        TopicSubscription subscription = new TopicSubscription(channels, onMessage, onSubscribed);
        subscription.subscribeTopics();
        return subscription;
    }

    private RTopic topic(String channel) {
        return redisson.getTopic(channel, StringCodec.INSTANCE);
    }

    /** The listeners on the topics of one subscription, to be removed at close. */
    private final class TopicSubscription implements Subscription {
        final List<String> channels;
        final List<RTopic> topics;
        final BiConsumer<String, String> onMessage;
        final Runnable onSubscribed;
        // guarded by this
        final List<TopicListener> added = new ArrayList<>();
        volatile boolean closed;

        TopicSubscription(List<String> channels, BiConsumer<String, String> onMessage, Runnable onSubscribed) {
            this.channels = channels;
            this.topics =
                    channels.stream().map(RedissonWakeTransport.this::topic).toList();
            this.onMessage = onMessage;
            this.onSubscribed = onSubscribed;
        }

        /** Adds the status and message listeners to every topic; retried until it works. */
        void subscribeTopics() {
            if (closed) {
                return;
            }
            CompletableFuture<?>[] subscriptions = topics.stream()
                    .map(topic -> subscribe(topic).toCompletableFuture())
                    .toArray(CompletableFuture<?>[]::new);
            CompletableFuture.allOf(subscriptions).whenComplete((done, error) -> {
                if (error == null) {
                    // the status listener's first onSubscribe may not come if the client had
                    // already subscribed the channel: tell here too (callbacks tolerate repeats)
                    onSubscribed.run();
                } else {
                    retry(error);
                }
            });
        }

        private CompletionStage<Void> subscribe(RTopic topic) {
            StatusListener status = new StatusListener() {
                @Override
                public void onSubscribe(String channel) {
                    onSubscribed.run();
                }

                @Override
                public void onUnsubscribe(String channel) {
                    // nothing: the re-subscription (onSubscribe) is what matters
                }
            };
            MessageListener<String> wake = (channel, message) -> onMessage.accept(channel.toString(), message);
            return AsyncResults.call(() -> topic.addListenerAsync(status).thenCompose(statusId -> {
                        keep(topic, statusId);
                        return topic.addListenerAsync(String.class, wake);
                    }))
                    .thenAccept(wakeId -> keep(topic, wakeId));
        }

        private void retry(Throwable error) {
            if (!outage.failed("subscribing to " + channels, error)) {
                FAILURES.log(
                        "subscribe",
                        LOG,
                        Level.WARNING,
                        LogFields.none(),
                        () -> "redis error: subscribing to " + channels + " failed, retrying every "
                                + RESUBSCRIBE_DELAY_MILLIS + " ms: " + AsyncResults.describe(error));
            }
            removeListeners();
            try {
                executor.schedule(this::subscribeTopics, RESUBSCRIBE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.warning(() -> "no executor to retry the subscription to " + channels);
            }
        }

        private void keep(RTopic topic, Integer id) {
            boolean remove;
            synchronized (this) {
                remove = closed;
                if (!remove) {
                    added.add(new TopicListener(topic, id));
                }
            }
            if (remove) {
                topic.removeListenerAsync(id);
            }
        }

        @Override
        public CompletionStage<Void> close() {
            synchronized (this) {
                closed = true;
            }
            return removeListeners();
        }

        private CompletionStage<Void> removeListeners() {
            List<TopicListener> kept;
            synchronized (this) {
                kept = new ArrayList<>(added);
                added.clear();
            }
            CompletableFuture<?>[] removals = kept.stream()
                    .map(listener -> AsyncResults.call(() -> listener.topic().removeListenerAsync(listener.id()))
                            .toCompletableFuture())
                    .toArray(CompletableFuture<?>[]::new);
            return CompletableFuture.allOf(removals);
        }
    }

    /** A listener added to one of the topics. */
    private record TopicListener(RTopic topic, Integer id) {}
}
