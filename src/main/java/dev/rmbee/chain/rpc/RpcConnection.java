package dev.rmbee.chain.rpc;

import dev.rmbee.async.AsyncResults;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JSON-RPC 2.0 over one {@link RpcChannel}: calls correlated by id, each with a timeout, and
 * subscriptions whose notifications are routed by subscription id (see {@link SubscriptionRoutes}
 * for a notification that comes before its subscription's id). When the channel ends, every
 * waiting call fails with {@link RpcUnavailableException}; a message that is not JSON-RPC ends it.
 *
 * <p>Thread-safe. Results complete, and notifications are delivered, on the thread that delivered
 * the node's message (the channel's), in the node's order: consumers and dependent stages must not
 * block (use the {@code …Async} stages with an executor for work that does).
 */
public final class RpcConnection implements RpcClient {

    private static final Logger LOG = Logger.getLogger(RpcConnection.class.getName());

    private final URI url;
    private final ScheduledExecutorService scheduler;
    private final Duration callTimeout;
    private final Consumer<String> onClosed;
    private final AtomicLong ids = new AtomicLong();

    // guarded by "this"
    private final PendingCalls pending = new PendingCalls();
    private RpcChannel channel;
    private String closeReason;

    private RpcConnection(
            URI url, ScheduledExecutorService scheduler, Duration callTimeout, Consumer<String> onClosed) {
        this.url = url;
        this.scheduler = scheduler;
        this.callTimeout = callTimeout;
        this.onClosed = onClosed;
    }

    /**
     * Opens a connection to {@code url}; fails with {@link RpcUnavailableException} when the channel
     * cannot be opened.
     *
     * @param scheduler runs the calls' timeouts
     * @param callTimeout how long a call waits for its answer
     * @param onClosed told the reason once when the connection ends (not when it never opened)
     */
    public static CompletableFuture<RpcConnection> open(
            RpcChannel.Opener opener,
            URI url,
            ScheduledExecutorService scheduler,
            Duration callTimeout,
            Consumer<String> onClosed) {
        RpcConnection connection = new RpcConnection(url, scheduler, callTimeout, onClosed);
        CompletableFuture<RpcChannel> opening;
        try {
            opening = opener.open(url, connection.new Events());
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        return opening.handle((channel, error) -> {
            if (error != null) {
                throw new RpcUnavailableException(
                        "cannot connect to " + url + ": " + AsyncResults.describe(AsyncResults.unwrap(error)), error);
            }
            return connection.attach(channel);
        });
    }

    public URI url() {
        return url;
    }

    public synchronized boolean isOpen() {
        return closeReason == null;
    }

    /** Why it ended, or empty while it is open. */
    public synchronized Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    @Override
    public CompletableFuture<JsonValue> call(String method, JsonValue... params) {
        return request(method, List.of(params), null);
    }

    /** Itself. */
    @Override
    public RpcConnection connection() {
        return this;
    }

    /**
     * Subscribes: calls {@code method}, whose result is the subscription id, and routes the
     * notifications naming that id to {@code onNotification} (their {@code result}) until the
     * subscription is cancelled (with {@code unsubscribeMethod}) or the connection ends.
     */
    public CompletableFuture<Subscription> subscribe(
            String method, List<JsonValue> params, String unsubscribeMethod, Consumer<JsonValue> onNotification) {
        return request(method, params, onNotification).thenApply(id -> {
            if (!RpcMessage.isSubscriptionId(id)) {
                throw new RpcUnavailableException(method + " on " + url + " answered no subscription id: " + id);
            }
            return new Subscription(this, id, unsubscribeMethod);
        });
    }

    /** Ends the connection: waiting calls fail with {@link RpcUnavailableException}. */
    public void close() {
        close("closed by the client");
    }

    /** Ends the connection with {@code reason}, which waiting calls' failures name. */
    public void close(String reason) {
        end(reason, true);
    }

    @Override
    public String toString() {
        return "connection to " + url;
    }

    CompletableFuture<Boolean> unsubscribe(Subscription subscription) {
        synchronized (this) {
            if (!pending.unroute(subscription.idValue()) || closeReason != null) {
                return CompletableFuture.completedFuture(false);
            }
        }
        return call(subscription.unsubscribeMethod(), subscription.idValue())
                .handle((result, error) -> error == null && result == JsonValue.TRUE);
    }

    private synchronized RpcConnection attach(RpcChannel opened) {
        channel = opened;
        if (closeReason != null) {
            opened.close();
            throw new RpcUnavailableException("connection to " + url + " ended at once: " + closeReason);
        }
        return this;
    }

    private CompletableFuture<JsonValue> request(
            String method, List<JsonValue> params, Consumer<JsonValue> subscriber) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonValue> result = new CompletableFuture<>();
        RpcChannel target;
        synchronized (this) {
            if (closeReason != null) {
                return CompletableFuture.failedFuture(
                        new RpcUnavailableException(method + ": connection to " + url + " ended: " + closeReason));
            }
            pending.add(id, new PendingCalls.Call(method, result, subscriber));
            target = channel;
        }
        scheduleTimeout(id, result);
        target.send(RpcJson.request(id, method, params));
        return result;
    }

    private void scheduleTimeout(long id, CompletableFuture<JsonValue> result) {
        try {
            ScheduledFuture<?> timeout =
                    scheduler.schedule(() -> timedOut(id), callTimeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((value, error) -> timeout.cancel(false));
        } catch (RejectedExecutionException e) {
            fail(take(id), new RpcUnavailableException("the RPC scheduler is shut down", e));
        }
    }

    private void timedOut(long id) {
        PendingCalls.Call call = take(id);
        if (call != null) {
            fail(
                    call,
                    new RpcUnavailableException(
                            "no answer to " + call.method() + " from " + url + " within " + callTimeout));
        }
    }

    private synchronized PendingCalls.Call take(long id) {
        return pending.take(id);
    }

    private static void fail(PendingCalls.Call call, RpcException error) {
        if (call != null) {
            call.result().completeExceptionally(error);
        }
    }

    private void received(String text) {
        RpcMessage message = RpcMessage.parse(text);
        if (message instanceof RpcMessage.Response response) {
            answered(response);
        } else if (message instanceof RpcMessage.Notification notification) {
            notified(notification);
        } else if (message instanceof RpcMessage.Malformed) {
            LOG.log(Level.WARNING, "{0} sent a message that is not JSON-RPC, closing: {1}", new Object[] {
                url, RpcJson.brief(text)
            });
            end("the node sent a message that is not JSON-RPC", true);
        }
    }

    private void answered(RpcMessage.Response response) {
        PendingCalls.Answered answered;
        synchronized (this) {
            answered = pending.answered(response);
        }
        if (answered == null) {
            return; // answered after its timeout
        }
        answered.early().forEach(this::deliver);
        PendingCalls.Call call = answered.call();
        if (response.error() != null) {
            call.result().completeExceptionally(RpcErrorException.of(call.method(), response.error()));
        } else {
            call.result().complete(response.result());
        }
    }

    private void notified(RpcMessage.Notification notification) {
        Runnable delivery;
        synchronized (this) {
            delivery = pending.route(notification);
        }
        if (delivery != null) {
            deliver(delivery);
        }
    }

    private void deliver(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, url + ": a subscriber failed on a notification", e);
        }
    }

    private void end(String reason, boolean closeChannel) {
        List<PendingCalls.Call> waiting;
        RpcChannel open;
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            waiting = pending.drain();
            open = channel;
        }
        if (closeChannel && open != null) {
            open.close();
        }
        for (PendingCalls.Call call : waiting) {
            fail(
                    call,
                    new RpcUnavailableException(
                            call.method() + ": connection to " + url + " lost before the answer: " + reason));
        }
        if (open != null) {
            onClosed.accept(reason);
        }
    }

    /** The channel's events. */
    private final class Events implements RpcChannel.Listener {
        @Override
        public void message(String text) {
            received(text);
        }

        @Override
        public void closed(String reason) {
            end(reason, false);
        }
    }
}
