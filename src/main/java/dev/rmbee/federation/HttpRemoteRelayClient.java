package dev.rmbee.federation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link RemoteRelayClient} over HTTP/1.1 on plain sockets ({@link RelayConnections},
 * {@link Http1Connection}): {@code POST <scheme>://<domain>/} with the raw envelope as body and
 * only {@code Host} and {@code Content-Length} as headers, connections kept alive (an idle one
 * for {@link #DEFAULT_KEEP_ALIVE}) and one per POST in flight, a connect timeout (2 s by default)
 * and a timeout for the whole request (3 s by default), as the reference does. The answer's body
 * is discarded.
 *
 * <p>Each POST blocks a thread of the given executor for its duration and nothing else: no
 * selector thread, no hand-off per response (the JDK's {@code java.net.http} client cost about
 * 0.5 ms of CPU per POST here in its thread hand-offs and futures; docs/benchmarks.md). A POST that
 * fails on a connection that had been idle in the pool before any byte of an answer (the relay
 * had closed it) is sent once more on a new connection; a duplicate is the ingress's replay
 * check's to absorb.
 *
 * <p>The scheme is {@code https} in production (the reference knows no other; TLS with the JVM's
 * default trust and the host name checked); {@code http} serves tests and private networks.
 */
public final class HttpRemoteRelayClient implements RemoteRelayClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** How long an idle connection is kept: below Liberty's own 30 s (persistTimeout) for its peers. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(25);

    /** Bodies up to this size fit a socket's send buffer: their write does not wait for the relay. */
    static final int UNWATCHED_BODY_BYTES = 32 * 1024;

    private final String scheme;
    private final Duration requestTimeout;
    private final Executor executor;
    private final RelayConnections connections;

    /**
     * @param scheme {@code https} or {@code http}
     * @param executor runs each POST, blocking one of its threads for the request's duration (at
     *     most the request timeout), and the continuations of the returned stage
     */
    public HttpRemoteRelayClient(String scheme, Executor executor, Duration connectTimeout, Duration requestTimeout) {
        this(scheme, executor, connectTimeout, requestTimeout, null);
    }

    /** With {@code tlsFactory} for https instead of the JVM's default TLS context (tests: a trust of their own). */
    HttpRemoteRelayClient(
            String scheme,
            Executor executor,
            Duration connectTimeout,
            Duration requestTimeout,
            SSLSocketFactory tlsFactory) {
        String normalized = Objects.requireNonNull(scheme, "scheme").trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("https") && !normalized.equals("http")) {
            throw new IllegalArgumentException("federation scheme must be https or http, not '" + scheme + "'");
        }
        this.scheme = normalized;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.connections = new RelayConnections(
                normalized.equals("https"),
                Objects.requireNonNull(connectTimeout, "connectTimeout"),
                DEFAULT_KEEP_ALIVE,
                tlsFactory);
    }

    public HttpRemoteRelayClient(String scheme, Executor executor) {
        this(scheme, executor, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** With the default timeouts, each POST on a thread of {@link PostThreads#shared()}. */
    public HttpRemoteRelayClient(String scheme) {
        this(scheme, PostThreads.shared());
    }

    @Override
    public CompletionStage<Integer> post(String domain, byte[] body) {
        URI relay;
        try {
            relay = uri(domain);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return send(relay, body);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                executor);
    }

    /** The blocking POST: on an idle connection if there is one, else (or once more, see above) on a new one. */
    private int send(URI relay, byte[] body) throws IOException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Http1Connection pooled = connections.idle(relay);
        if (pooled != null) {
            try {
                return sendOn(relay, pooled, body, deadline);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (!pooled.staleBeforeAnswer()) {
                    throw e;
                }
            }
        }
        return sendOn(relay, connections.open(relay, deadline), body, deadline);
    }

    private int sendOn(URI relay, Http1Connection connection, byte[] body, long deadline) throws IOException {
        ScheduledFuture<?> watchdog =
                body.length > UNWATCHED_BODY_BYTES ? Watchdog.closeAt(connection, deadline - System.nanoTime()) : null;
        try {
            int status = connection.post(body, deadline);
            connections.release(relay, connection);
            return status;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    /** {@code <scheme>://<domain>/}; a domain that is no host (with optional port) is refused. */
    URI uri(String domain) {
        URI uri;
        try {
            uri = new URI(scheme + "://" + domain + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a relay domain: '" + domain + "'", e);
        }
        if (uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !"/".equals(uri.getRawPath())
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("not a relay domain: '" + domain + "'");
        }
        return uri;
    }

    /** The scheme in use, {@code https} or {@code http}. */
    public String scheme() {
        return scheme;
    }

    /** Idle connections kept for {@code domain} (for tests). */
    int idleConnections(String domain) {
        return connections.idleCount(uri(domain));
    }

    /**
     * Closes a connection whose large request is still being written at the request's deadline
     * (a write that waits for a relay that does not read has no timeout of its own).
     */
    private static final class Watchdog {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rmb-federation-post-watchdog");
            thread.setDaemon(true);
            return thread;
        });

        static ScheduledFuture<?> closeAt(Http1Connection connection, long delayNanos) {
            return TIMER.schedule(connection::close, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    }
}
