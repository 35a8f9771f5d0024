package dev.rmbee.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.async.AsyncResults;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK adapter's failures to open, on loopback sockets. Its traffic with a node (a metadata
 * answer in parts, notifications, a node that drops the connection) is tested against the test
 * chain node.
 */
class WebSocketChannelsIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocketChannels channels =
            new WebSocketChannels(http, Duration.ofMillis(500), WebSocketChannels.DEFAULT_MAX_MESSAGE_CHARS);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private Throwable openFailure(URI url) {
        CompletableFuture<RpcConnection> opening =
                RpcConnection.open(channels, url, scheduler, Duration.ofSeconds(5), reason -> {});
        CompletionException error = assertThrows(CompletionException.class, opening::join);
        return AsyncResults.unwrap(error);
    }

    @Test
    void aPortNobodyListensOnIsUnavailable() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        Throwable error = openFailure(URI.create("ws://127.0.0.1:" + port));
        assertInstanceOf(RpcUnavailableException.class, error);
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Throwable error = openFailure(URI.create("ws://127.0.0.1:" + server.getLocalPort()));
            assertInstanceOf(RpcUnavailableException.class, error);
            assertInstanceOf(HttpTimeoutException.class, AsyncResults.unwrap(error.getCause()));
        }
    }

    @Test
    void aUrlThatIsNotAWebSocketIsRefused() {
        Throwable error = openFailure(URI.create("http://127.0.0.1:9944"));
        assertTrue(error.getMessage().contains("not a ws:// or wss:// URL"), error.getMessage());
    }
}
