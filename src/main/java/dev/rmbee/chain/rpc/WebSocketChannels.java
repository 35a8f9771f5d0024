package dev.rmbee.chain.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens {@link RpcChannel}s on the JDK WebSocket client to {@code ws://} and {@code wss://} node
 * URLs (wss with the JVM's default TLS trust).
 */
public final class WebSocketChannels implements RpcChannel.Opener {

    /** The default cap of one inbound message: a metadata answer is about 190 K characters. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 16 * 1024 * 1024;

    private final HttpClient http;
    private final Duration connectTimeout;
    private final int maxMessageChars;

    /**
     * @param http the client the sockets are made with (its executor runs the channels' events)
     * @param connectTimeout how long the opening handshake may take
     * @param maxMessageChars the largest inbound message; a larger one ends its channel
     */
    public WebSocketChannels(HttpClient http, Duration connectTimeout, int maxMessageChars) {
        if (maxMessageChars < 1 || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("a positive connect timeout and message cap");
        }
        this.http = http;
        this.connectTimeout = connectTimeout;
        this.maxMessageChars = maxMessageChars;
    }

    @Override
    public CompletableFuture<RpcChannel> open(URI url, RpcChannel.Listener listener) {
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a ws:// or wss:// URL: " + url));
        }
        WebSocketChannel channel = new WebSocketChannel(listener, maxMessageChars);
        return http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(url, channel)
                .thenApply(socket -> channel);
    }
}
