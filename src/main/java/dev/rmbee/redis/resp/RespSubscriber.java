package dev.rmbee.redis.resp;

import dev.rmbee.retry.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection in the subscribed state, of its own (a subscribed connection takes no other
 * commands): {@code AUTH} when the address has a password, then {@code SUBSCRIBE} of the channels;
 * every {@code message} is handed to the listener on the subscriber's one thread, in the order
 * Redis sent them. A broken connection is opened again with backoff, trying the addresses in turn,
 * and every time all channels are subscribed (the first time, and after every reconnection, when
 * publications may have been missed) the {@code onSubscribed} callback runs. The listener and the
 * callback must be quick: they hold up the next message. Every attempt that fails and every
 * subscription lost is told to the {@code onLost} callback (not when closed): an I/O error when
 * Redis did not answer or the connection broke, a {@link RespError} when Redis refused the
 * {@code AUTH} or the {@code SUBSCRIBE} (a wrong password, an ACL), which retrying will not mend.
 */
public final class RespSubscriber implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RespSubscriber.class.getName());
    private static final int READ_CHUNK = 16 * 1024;

    private final List<RespAddress> addresses;
    private final RespOptions options;
    private final List<String> channels;
    private final BiConsumer<String, byte[]> listener;
    private final Runnable onSubscribed;
    private final Consumer<Throwable> onLost;
    private final Thread thread;
    private volatile RespSocket socket;
    private volatile boolean closed;

    private RespSubscriber(
            List<RespAddress> addresses,
            RespOptions options,
            List<String> channels,
            BiConsumer<String, byte[]> listener,
            Runnable onSubscribed,
            Consumer<Throwable> onLost) {
        this.addresses = List.copyOf(addresses);
        this.options = options;
        this.channels = List.copyOf(channels);
        this.listener = listener;
        this.onSubscribed = onSubscribed;
        this.onLost = onLost;
        this.thread =
                new Thread(this::run, "rmb-resp-subscriber " + addresses.get(0).hostPort());
        this.thread.setDaemon(true);
    }

    /**
     * Subscribes to {@code channels} on the first of {@code addresses} that answers, in the
     * background, and keeps them subscribed until {@link #close()}.
     *
     * @param listener hears every message: its channel and its bytes
     * @param onSubscribed runs every time all the channels are subscribed
     * @param onLost hears why an attempt failed or the subscription was lost, every time
     */
    public static RespSubscriber start(
            List<RespAddress> addresses,
            RespOptions options,
            List<String> channels,
            BiConsumer<String, byte[]> listener,
            Runnable onSubscribed,
            Consumer<Throwable> onLost) {
        if (addresses.isEmpty() || channels.isEmpty()) {
            throw new IllegalArgumentException("at least one address and one channel");
        }
        RespSubscriber subscriber = new RespSubscriber(addresses, options, channels, listener, onSubscribed, onLost);
        subscriber.thread.start();
        return subscriber;
    }

    private void run() {
        Backoff.Series backoff =
                options.reconnect().series(() -> ThreadLocalRandom.current().nextDouble());
        for (int attempt = 0; !closed; attempt++) {
            RespAddress address = addresses.get(attempt % addresses.size());
            try {
                socket = RespSocket.open(address, options.connectTimeout());
                if (closed) {
                    break;
                }
                subscribe(address);
                listen(backoff);
            } catch (IOException | RuntimeException e) {
                lost(address, e);
            } finally {
                RespSocket broken = socket;
                if (broken != null) {
                    broken.close();
                }
            }
            pause(backoff.next().toMillis());
        }
    }

    /** Writes {@code AUTH} (when the address has a password) and {@code SUBSCRIBE}, in one write. */
    private void subscribe(RespAddress address) throws IOException {
        OutputStream out = socket.output();
        if (address.password().isPresent()) {
            List<String> auth = new ArrayList<>(List.of("AUTH"));
            address.user().ifPresent(auth::add);
            auth.add(address.password().get());
            out.write(RespEncoder.encode(RespEncoder.utf8(auth.toArray(String[]::new))));
        }
        List<String> subscribe = new ArrayList<>(List.of("SUBSCRIBE"));
        subscribe.addAll(channels);
        out.write(RespEncoder.encode(RespEncoder.utf8(subscribe.toArray(String[]::new))));
        out.flush();
    }

    /** Reads replies until the connection breaks (an exception) or the subscriber is closed. */
    private void listen(Backoff.Series backoff) throws IOException {
        RespDecoder decoder = new RespDecoder();
        byte[] chunk = new byte[READ_CHUNK];
        InputStream in = socket.input();
        int confirmed = 0;
        while (!closed) {
            int read = in.read(chunk);
            if (read < 0) {
                throw new IOException("redis closed the subscribed connection");
            }
            decoder.feed(chunk, 0, read);
            for (Object reply; (reply = decoder.next()) != RespDecoder.INCOMPLETE; ) {
                if (reply instanceof RespError error) {
                    throw error; // AUTH's or SUBSCRIBE's refusal
                }
                if (!(reply instanceof List<?> push) || push.size() != 3) {
                    continue; // AUTH's +OK
                }
                String kind = text(push.get(0));
                if (kind.equals("message") && push.get(2) instanceof byte[] message) {
                    deliver(text(push.get(1)), message);
                } else if (kind.equals("subscribe") && ++confirmed == channels.size()) {
                    backoff.reset();
                    subscribed();
                }
            }
        }
    }

    private void lost(RespAddress address, Exception why) {
        LOG.log(
                closed ? Level.FINEST : Level.FINE,
                () -> "redis subscription at " + address.hostPort() + " lost: " + why.getMessage());
        if (closed) {
            return;
        }
        try {
            onLost.accept(why);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redis subscription loss callback failed", e);
        }
    }

    private void deliver(String channel, byte[] message) {
        try {
            listener.accept(channel, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redis subscription listener failed", e);
        }
    }

    private void subscribed() {
        try {
            onSubscribed.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "redis subscription callback failed", e);
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Closes the connection; no message is heard after this returns (but one being handed over). */
    @Override
    public void close() {
        closed = true;
        RespSocket current = socket;
        if (current != null) {
            current.close();
        }
        thread.interrupt();
    }
}
