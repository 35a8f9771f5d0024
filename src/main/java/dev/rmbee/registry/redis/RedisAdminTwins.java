package dev.rmbee.registry.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.registry.AdminStoreException;
import dev.rmbee.registry.AdminTwinStore;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RMap;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * The administrator's twins in Redis, shared by every instance on it: the hash {@value #HASH} (field
 * per twin id: its {@link SharedEdit}; field {@code revision}: the last revision given out) and the
 * channel {@value #CHANNEL}, which announces each change. A change is one script call (the hash and
 * the announcement together) and takes effect here as soon as Redis took it; the other instances see
 * it when the announcement arrives. Each (re)subscription to the channel, the first one included,
 * reads the whole hash, so announcements missed while Redis was away are made up for. Lookups read
 * the {@link LocalTwinRegistry} only.
 */
public final class RedisAdminTwins implements AdminTwinStore, AutoCloseable {

    /** The hash of the administrator's changes (a Rust relay on the same Redis has no key under {@code rmb-ee.}). */
    public static final String HASH = "rmb-ee.registry.admin-twins";
    /** The channel that announces each change to every instance. */
    public static final String CHANNEL = "rmb-ee.registry.admin-twins.changes";

    private static final Logger LOG = Logger.getLogger(RedisAdminTwins.class.getName());
    private static final LogThrottle FAILURES = LogThrottle.perInterval();
    private static final String REVISION = "revision";
    private static final long RETRY_MILLIS = 1000;

    private final LocalTwinRegistry registry;
    private final SharedAdminView view;
    private final SharedWrites writer;
    private final RMap<String, String> hash;
    private final RTopic topic;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> firstRead = new CompletableFuture<>();
    private final AtomicBoolean readPending = new AtomicBoolean();
    private final List<Integer> listenerIds = new ArrayList<>();
    private volatile boolean closed;

    /** @param scheduler runs the retries of a failed subscription or read */
    public RedisAdminTwins(LocalTwinRegistry registry, RedissonClient redisson, ScheduledExecutorService scheduler) {
        this.registry = registry;
        this.view = new SharedAdminView(registry);
        this.writer = new SharedWrites(redisson);
        this.hash = redisson.getMap(HASH, StringCodec.INSTANCE);
        this.topic = redisson.getTopic(CHANNEL, StringCodec.INSTANCE);
        this.scheduler = scheduler;
    }

    /** Subscribes to the channel, then reads the hash; retried until it works. */
    public void start() {
        subscribe();
    }

    /** Waits up to {@code timeout} for the first full read of the hash; false when it has not come. */
    public boolean awaitFirstRead(Duration timeout) {
        try {
            firstRead.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public Optional<Twin> put(Twin twin) throws AdminStoreException {
        Optional<Twin> previous = registry.find(twin.id());
        writer.write(List.of(twin.id()), List.of(SharedEdit.putTail(twin))).forEach(view::apply);
        return previous;
    }

    @Override
    public Optional<Twin> delete(int twinId) throws AdminStoreException {
        Optional<Twin> previous = registry.find(twinId);
        if (previous.isPresent()) {
            writer.write(List.of(twinId), List.of(SharedEdit.DELETED_TAIL)).forEach(view::apply);
        }
        return previous;
    }

    @Override
    public LocalTwinRegistry.Reload reload(RegistryFiles files) throws RegistryException {
        Collection<Twin> fileTwins = files.read();
        List<Integer> ids = fileTwins.stream().map(Twin::id).toList();
        List<String> tails = ids.stream().map(id -> SharedEdit.CLEARED_TAIL).toList();
        Map<Integer, Optional<LocalTwinRegistry.Entry>> baseline = registry.reloadBaseline(fileTwins);
        List<SharedEdit> clears = ids.isEmpty() ? List.of() : writer.write(ids, tails);
        return view.reload(clears, fileTwins, baseline);
    }

    @Override
    public String where() {
        return "redis hash " + HASH;
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        StatusListener status = new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                readAll();
            }

            @Override
            public void onUnsubscribe(String channel) {
                // the re-subscription (onSubscribe) is what matters
            }
        };
        MessageListener<String> changes = (channel, message) -> announced(message);
        AsyncResults.call(() -> topic.addListenerAsync(status).thenCompose(statusId -> {
                    keep(statusId);
                    return topic.addListenerAsync(String.class, changes);
                }))
                .whenComplete((changesId, error) -> {
                    if (error == null) {
                        keep(changesId);
                        // onSubscribe does not come when the client had subscribed the channel already
                        readAll();
                    } else {
                        failed("subscribe", "subscribing to " + CHANNEL + " failed, retrying every second", error);
                        removeListeners();
                        later(this::subscribe);
                    }
                });
    }

    private void announced(String message) {
        try {
            view.apply(SharedEdit.parse(message));
        } catch (IllegalArgumentException e) {
            failed("announcement", "ignoring a bad announcement on " + CHANNEL + " (reading the hash again)", e);
            readAll();
        }
    }

    /** Reads the whole hash into the view; on failure, again a second later. */
    private void readAll() {
        if (closed) {
            return;
        }
        AsyncResults.call(hash::readAllMapAsync).whenComplete((all, error) -> {
            if (error != null) {
                failed("read", "reading " + HASH + " failed, retrying every second", error);
                if (readPending.compareAndSet(false, true)) {
                    later(() -> {
                        readPending.set(false);
                        readAll();
                    });
                }
                return;
            }
            if (applySnapshot(all)) {
                readAll();
            }
            firstRead.complete(null);
        });
    }

    private boolean applySnapshot(Map<String, String> all) {
        long revision = 0;
        List<SharedEdit> edits = new ArrayList<>();
        for (Map.Entry<String, String> field : all.entrySet()) {
            try {
                if (field.getKey().equals(REVISION)) {
                    revision = Long.parseLong(field.getValue());
                } else {
                    edits.add(SharedEdit.parse(field.getValue()));
                }
            } catch (IllegalArgumentException e) {
                failed("field", "ignoring the bad field " + field.getKey() + " of " + HASH, e);
            }
        }
        return view.applySnapshot(revision, edits);
    }

    private void later(Runnable task) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(task, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "no scheduler to retry on " + HASH + ": the application is stopping");
        }
    }

    private static void failed(String key, String what, Throwable error) {
        FAILURES.log(
                key,
                LOG,
                Level.WARNING,
                LogFields.none(),
                () -> "admin twins in Redis: " + what + ": " + AsyncResults.describe(error));
    }

    private void keep(Integer listenerId) {
        boolean remove;
        synchronized (listenerIds) {
            remove = closed;
            if (!remove) {
                listenerIds.add(listenerId);
            }
        }
        if (remove) {
            topic.removeListenerAsync(listenerId);
        }
    }

    private void removeListeners() {
        Integer[] ids;
        synchronized (listenerIds) {
            ids = listenerIds.toArray(new Integer[0]);
            listenerIds.clear();
        }
        if (ids.length > 0) {
            AsyncResults.call(() -> topic.removeListenerAsync(ids));
        }
    }

    /** Unsubscribes; no retry starts after this. */
    @Override
    public void close() {
        synchronized (listenerIds) {
            closed = true;
        }
        removeListeners();
    }
}
