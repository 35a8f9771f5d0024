package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rmbee.testing.Await;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over {@code https} against a JDK HTTPS server on this machine, with a self-signed
 * certificate for {@code localhost} made by the JDK's keytool for the test: the POST arrives whole
 * when the client trusts the certificate; the JVM's default trust refuses it; and the host name is
 * checked (the same certificate reached as {@code 127.0.0.1} is refused).
 */
class HttpRemoteRelayClientTlsIT {

    private static final char[] PASSWORD = "tls-test".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static SSLContext trusting;
    private static final List<byte[]> RECEIVED = new CopyOnWriteArrayList<>();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = dir.resolve("relay.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "relay",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("relay", keys.getCertificate("relay"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            try (exchange) {
                RECEIVED.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(202, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private HttpRemoteRelayClient client(SSLContext context) {
        return new HttpRemoteRelayClient(
                "https",
                executor,
                Await.DEFAULT_TIMEOUT,
                Await.DEFAULT_TIMEOUT,
                context == null ? null : context.getSocketFactory());
    }

    private static int post(HttpRemoteRelayClient client, String domain, byte[] body) throws Exception {
        return client.post(domain, body).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    @Test
    void postsOverTlsToARelayWhoseCertificateItTrusts() throws Exception {
        HttpRemoteRelayClient client = client(trusting);
        byte[] first = "first envelope".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second envelope".getBytes(StandardCharsets.UTF_8);
        RECEIVED.clear();

        assertEquals(202, post(client, "localhost:" + port(), first));
        assertEquals(202, post(client, "localhost:" + port(), second));

        assertEquals(2, RECEIVED.size());
        assertArrayEquals(first, RECEIVED.get(0));
        assertArrayEquals(second, RECEIVED.get(1));
        assertEquals(1, client.idleConnections("localhost:" + port()), "both on one kept-alive TLS connection");
    }

    @Test
    void theJvmsDefaultTrustRefusesASelfSignedRelay() {
        ExecutionException failure =
                assertThrows(ExecutionException.class, () -> post(client(null), "localhost:" + port(), new byte[] {1}));
        assertInstanceOf(SSLException.class, failure.getCause());
    }

    @Test
    void theRelaysHostNameIsChecked() {
        ExecutionException failure = assertThrows(
                ExecutionException.class, () -> post(client(trusting), "127.0.0.1:" + port(), new byte[] {1}));
        assertInstanceOf(SSLException.class, failure.getCause(), "a certificate for localhost only");
    }
}
