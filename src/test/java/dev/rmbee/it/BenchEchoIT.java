package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The benchmark echo ({@code rmb.bench.echo}, docs/benchmarks.md): absent and token-guarded on the
 * managed server, where it is off (the default); on the embedded-mode server, where the build turns
 * it on, it echoes without a token while everything else still needs one.
 */
class BenchEchoIT extends RelayDeployment {

    private static final String EMBEDDED = "ws://" + EmbeddedRelayServer.domain();

    @Test
    void offByDefaultThereIsNoEchoAndNoWayPastTheToken() throws Exception {
        URI echo = relay().resolve("/bench/echo");
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
            assertArrayEquals(small, socket.next("the small message echoed"));
            assertArrayEquals(new byte[] {4, 5, 6}, socket.next("the fragmented message echoed whole"));
            assertArrayEquals(large, socket.next("the 70 kB message echoed"));
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
