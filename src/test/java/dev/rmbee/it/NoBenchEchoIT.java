package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The product has no benchmark echo (docs/benchmarks.md: it is a separate archive the bench servers
 * deploy beside the relay): on both relays, the managed one and the embedded-mode one, nothing
 * answers at {@code /bench/echo}, and no upgrade passes without a token, whatever its path.
 */
class NoBenchEchoIT extends RelayDeployment {

    private static final List<String> PATHS =
            List.of("/", "/bench/echo", "/bench/echo/", "/bench/echo/x", "/bench", "/bench/echoes");

    private List<URI> relays() {
        return List.of(relay(), EmbeddedRelayServer.webSocket());
    }

    @Test
    void thereIsNoEcho() throws Exception {
        for (URI relay : relays()) {
            URI echo = relay.resolve("/bench/echo");
            String token = TestTwins.token(new SessionKey(1, "no-bench-echo"));
            TwinSocket.HandshakeRefused refused = assertThrows(
                    TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(echo, token), echo::toString);
            assertEquals(404, refused.status(), echo::toString);
        }
    }

    @Test
    void noUpgradeGoesWithoutToken() {
        for (URI relay : relays()) {
            for (String path : PATHS) {
                URI uri = relay.resolve(path);
                TwinSocket.HandshakeRefused refused = assertThrows(
                        TwinSocket.HandshakeRefused.class, () -> TwinSocket.connect(uri, null), uri::toString);
                assertEquals(400, refused.status(), uri::toString);
            }
        }
    }
}
