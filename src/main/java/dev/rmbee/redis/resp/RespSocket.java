package dev.rmbee.redis.resp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket of one connection: TCP with {@code TCP_NODELAY} and keep-alive, wrapped in TLS for a
 * {@code rediss://} address (the JDK's default trust and the host name checked, as the relay's
 * Redisson client does).
 */
final class RespSocket {

    private final Socket socket;
    private final String name;
    private final InputStream input;
    private final OutputStream output;

    private RespSocket(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.name = name;
        this.input = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.output = socket.getOutputStream();
    }

    /** Connects within {@code timeout} (the TLS handshake included). */
    static RespSocket open(RespAddress address, Duration timeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            plain.connect(new InetSocketAddress(address.host(), address.port()), millis);
            if (!address.tls()) {
                return new RespSocket(plain, address.hostPort());
            }
            SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, address.host(), address.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(millis);
            tls.startHandshake();
            tls.setSoTimeout(0);
            return new RespSocket(tls, address.hostPort());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway: nothing more to do with it
        }
    }
}
