package dev.rmbee.federation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The kept-alive connections of {@link HttpRemoteRelayClient}, per relay ({@code scheme://domain}):
 * a POST takes an idle one (the most recently used first) or opens a new one, and gives it back
 * when its answer was read whole. An idle connection is closed after {@code keepAlive}. As many
 * connections per relay as POSTs in flight to it, which the egress bounds (its per-relay shares).
 * TCP_NODELAY on all: a request leaves in one write and is not held back for an acknowledgement.
 */
final class RelayConnections implements AutoCloseable {

    private final boolean tls;
    private final Duration connectTimeout;
    private final long keepAliveNanos;
    private final Map<URI, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private volatile SSLSocketFactory tlsFactory;
    private volatile long lastSweep = System.nanoTime();

    RelayConnections(boolean tls, Duration connectTimeout, Duration keepAlive) {
        this(tls, connectTimeout, keepAlive, null);
    }

    /** @param tlsFactory the TLS sockets' factory; null for the JVM's default context (its default trust) */
    RelayConnections(boolean tls, Duration connectTimeout, Duration keepAlive, SSLSocketFactory tlsFactory) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.keepAliveNanos = keepAlive.toNanos();
        this.tlsFactory = tlsFactory;
    }

    /** An idle connection to {@code relay} still within its keep-alive, or null. */
    Http1Connection idle(URI relay) {
        Deque<Http1Connection> pool = idle.get(relay);
        if (pool == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Http1Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
            if (now - connection.idleSince < keepAliveNanos && connection.reusable()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** A new connection to {@code relay} (TLS with the host name checked, for https), within the connect timeout. */
    Http1Connection open(URI relay, long deadline) throws IOException {
        String host = relay.getHost();
        boolean literal6 = host.startsWith("[");
        String bare = literal6 ? host.substring(1, host.length() - 1) : host;
        int port = relay.getPort() >= 0 ? relay.getPort() : (tls ? 443 : 80);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bare, port), (int) Math.max(1, connectTimeout.toMillis()));
            if (tls) {
                socket = handshake(socket, bare, port, deadline);
            }
            return new Http1Connection(socket, relay.getRawAuthority());
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new HttpConnectTimeoutException("connect timed out: " + relay.getRawAuthority());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket handshake(Socket plain, String host, int port, long deadline) throws IOException {
        SSLSocket socket = (SSLSocket) tlsFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        socket.startHandshake();
        return socket;
    }

    private SSLSocketFactory tlsFactory() throws IOException {
        SSLSocketFactory factory = tlsFactory;
        if (factory == null) {
            try {
                factory = SSLContext.getDefault().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no TLS context", e);
            }
            tlsFactory = factory;
        }
        return factory;
    }

    /** Gives a connection back after a POST: kept if it may carry another, else closed. */
    void release(URI relay, Http1Connection connection) {
        if (!connection.reusable()) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        connection.idleSince = now;
        idle.computeIfAbsent(relay, key -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
        if (now - lastSweep > keepAliveNanos) {
            lastSweep = now;
            sweep(now);
        }
    }

    /** Closes the connections idle beyond the keep-alive (the oldest are last in each pool). */
    private void sweep(long now) {
        for (Deque<Http1Connection> pool : idle.values()) {
            for (Http1Connection oldest = pool.peekLast();
                    oldest != null && now - oldest.idleSince >= keepAliveNanos;
                    oldest = pool.peekLast()) {
                if (pool.removeLastOccurrence(oldest)) {
                    oldest.close();
                }
            }
        }
    }

    /** Idle connections kept for {@code relay} (for tests). */
    int idleCount(URI relay) {
        Deque<Http1Connection> pool = idle.get(relay);
        return pool == null ? 0 : pool.size();
    }

    @Override
    public void close() {
        for (Deque<Http1Connection> pool : idle.values()) {
            for (Http1Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
                connection.close();
            }
        }
    }
}
