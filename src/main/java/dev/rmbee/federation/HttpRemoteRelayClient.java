package dev.rmbee.federation;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@link RemoteRelayClient} over the JDK's {@link HttpClient}: {@code POST <scheme>://<domain>/}
 * with the raw envelope as body and no particular headers, HTTP/1.1, connections kept alive and
 * pooled by the client, a connect timeout (2 s by default) and a timeout for the whole request
 * (3 s by default), as the reference does. The answer's body is discarded.
 *
 * <p>The scheme is {@code https} in production (the reference knows no other); {@code http}
 * serves tests and private networks. How long an idle pooled connection is kept is the JDK's
 * {@code jdk.httpclient.keepalive.timeout} system property (seconds; the reference keeps them
 * 300 s).
 */
public final class HttpRemoteRelayClient implements RemoteRelayClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final String scheme;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final Executor executor;

    /**
     * @param scheme {@code https} or {@code http}
     * @param executor runs each POST, blocking one of its threads for the request's duration (at
     *     most the request timeout), and the continuations of the returned stage; the client's own
     *     asynchronous work (reading answers) runs on the JDK client's default pool, never on it
     */
    public HttpRemoteRelayClient(String scheme, Executor executor, Duration connectTimeout, Duration requestTimeout) {
        String normalized = Objects.requireNonNull(scheme, "scheme").trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("https") && !normalized.equals("http")) {
            throw new IllegalArgumentException("federation scheme must be https or http, not '" + scheme + "'");
        }
        this.scheme = normalized;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.executor = Objects.requireNonNull(executor, "executor");
        // no .executor(...): the client's internal hand-offs then run on its own cached pool,
        // without the managed executor's context capture per task
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri(domain))
                    .timeout(requestTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        // the blocking send on our executor, not sendAsync: JDK 17's sendAsync completes every
        // response through CompletableFuture's default executor (also without .executor on the
        // client), which on a machine with two cores or fewer (common pool parallelism 1) starts a
        // new thread per response; the federation benchmark measured that as most of relay 1's CPU
        // per message. A parked thread per POST in flight costs no CPU
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CompletionException(e);
                    }
                },
                executor);
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
}
