package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.wire.SessionKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The wake-up channels of one instance: its own, {@code rmb.relay.wake:<instance id>}, on which
 * appends to the sessions it holds are announced ({@link SessionHolders}), and the common {@value
 * RedisSessionQueues#WAKE_CHANNEL}, on which appends to sessions without a holder are announced to
 * every instance. Subscribed at the first listener or resync callback, retried until it works;
 * every (re)subscription (the first, and the transport's after a reconnect) runs the resync
 * callbacks, because publications may have been missed. Listeners and callbacks run on the
 * transport's threads ({@link WakeTransport}) and must be quick.
 */
final class WakeChannel {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());
    /** With Redis away every publish fails: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private static final String CHANNEL = RedisSessionQueues.WAKE_CHANNEL;
    private static final int MAX_UNHELD = 10_000;

    private final String instanceId;
    private final WakeTransport transport;
    private final List<Consumer<SessionKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncCallbacks = new CopyOnWriteArrayList<>();
    private final Set<SessionKey> unheld = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final RedisOutage outage;

    // guarded by this
    private WakeTransport.Subscription subscription;
    private boolean closed;

    /**
     * @param instanceId this instance's id, which names its own channel
     * @param transport publishes and subscribes, through Redisson or the RESP client
     * @param outage learns of every command Redis did not answer (and logs the outage once)
     */
    WakeChannel(String instanceId, WakeTransport transport, RedisOutage outage) {
        this.instanceId = instanceId;
        this.transport = transport;
        this.outage = outage;
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
        AsyncResults.call(() -> transport.publish(channel, session.toString())).whenComplete((receivers, error) -> {
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
        WakeTransport.Subscription started;
        synchronized (this) {
            closed = true;
            started = subscription;
        }
        return started == null ? CompletableFuture.completedFuture(null) : started.close();
    }

    private void startSubscription() {
        synchronized (this) {
            if (subscription != null || closed) {
                return;
            }
            subscription = transport.subscribe(
                    List.of(CHANNEL, SessionHolders.channel(instanceId)), this::heard, this::resync);
        }
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

    private void heard(String channel, String message) {
        SessionKey session;
        try {
            session = SessionKey.parse(message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "ignoring " + channel + " message that is no session: " + message);
            return;
        }
        if (channel.equals(CHANNEL)) {
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
        listening.complete(null);
    }
}
