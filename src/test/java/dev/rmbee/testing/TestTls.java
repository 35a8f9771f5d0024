package dev.rmbee.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The integration tests' TLS: relay 2's TLS port and the self-signed test certificate the build
 * makes for it ({@code it.tls.certificate}, PEM; see docs/testing.md), as a JDK {@link SSLContext}
 * that trusts it and nothing else. The official client trusts it through {@code NODE_EXTRA_CA_CERTS}
 * ({@link OfficialTwin} sets it when the certificate exists).
 */
public final class TestTls {

    public static final String CERTIFICATE_PROPERTY = "it.tls.certificate";
    public static final int EMBEDDED_TLS_PORT = Integer.getInteger("it.embedded.https.port", 9446);

    private TestTls() {}

    /** The test certificate (PEM), where the build writes it. */
    public static Path certificate() {
        String configured = System.getProperty(CERTIFICATE_PROPERTY);
        Path path = configured == null || configured.isBlank()
                ? Path.of("target", "it-tls", "relay.pem")
                : Path.of(configured);
        return path.toAbsolutePath().normalize();
    }

    /** Relay 2's WebSocket address over TLS, {@code wss://localhost:<port>/} (the name the certificate has). */
    public static URI embeddedRelay() {
        return URI.create("wss://localhost:" + EMBEDDED_TLS_PORT + "/");
    }

    /** A TLS context that trusts the test certificate only. */
    public static SSLContext trustingTheTestCertificate() throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(certificate())) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("rmb-it-relay", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
