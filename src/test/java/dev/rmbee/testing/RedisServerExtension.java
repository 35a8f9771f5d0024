package dev.rmbee.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * Starts a real redis-server (6.2, the binary bundled in embedded-redis) on a free port of
 * 127.0.0.1 before a test class and stops it afterwards; nothing is persisted. Use it as a static
 * {@code @RegisterExtension} field.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        port = freePort();
        server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    /** The address for a Redis client: {@code redis://127.0.0.1:<port>}. */
    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Sends one command to the server, see {@link RedisControl#command}. */
    public String command(String... args) throws IOException {
        return RedisControl.command(port, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
