package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark echo ({@code rmb.bench.echo}, docs/benchmarks.md): absent and token-guarded on the
 * managed server, where it is off (the default); on the embedded-mode server, where the build turns
 * it on, it echoes without a token while everything else still needs one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BenchEchoIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EMBEDDED = "ws://127.0.0.1:" + System.getProperty("it.embedded.port", "9183");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    @Test
    void offByDefaultThereIsNoEchoAndNoWayPastTheToken() throws Exception {
        URI echo = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/bench/echo");
        assertEquals(
                400,
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(echo, null))
                        .status());
        String token = TestTwins.token(new SessionKey(1, "bench-echo-off"));
        assertEquals(
                404,
                assertThrows(TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(echo, token))
                        .status());
    }

    @Test
    void whenOnItEchoesBinaryMessagesWithoutToken() throws Exception {
        try (TwinSocket socket = TwinSocket.connect(URI.create(EMBEDDED + "/bench/echo"), null)) {
            byte[] small = {1, 2, 3};
            byte[] large = new byte[70_000];
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) i;
            }
            socket.send(small);
            socket.sendFragment(new byte[] {4, 5}, false);
            socket.sendFragment(new byte[] {6}, true);
            socket.send(large);
            assertArrayEquals(small, socket.receive(WAIT));
            assertArrayEquals(new byte[] {4, 5, 6}, socket.receive(WAIT));
            assertArrayEquals(large, socket.receive(WAIT));
        }
    }

    @Test
    void whenOnOnlyItsExactPathGoesWithoutToken() {
        for (String path : new String[] {"/", "/bench/echo/", "/bench/echo/x", "/bench", "/bench/echoes"}) {
            TwinSocket.HandshakeRefused refused = assertThrows(
                    TwinSocket.HandshakeRefused.class,
                    () -> TwinSocket.connect(URI.create(EMBEDDED + path), null),
                    path);
            assertEquals(400, refused.status(), path);
        }
    }
}
