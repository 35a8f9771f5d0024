package dev.rmbee.testing;

import java.net.URI;
import java.util.Arrays;

/**
 * The integration tests' relay on tfchain, the third server the build starts
 * ({@code it.chain.server.name} on {@code it.chain.port}): embedded mode, its twins from the chain
 * nodes at {@link #chainNodePorts()} ({@code rmb.chain.urls}, in that order), which no node serves
 * until a test starts a {@link TestChainNode} there, and its local overlay {@code
 * chain-local-twins.json}. It serves the twins whose relays name {@link #domain()}.
 */
public final class ChainRelayServer {

    public static final int PORT = Integer.getInteger("it.chain.port", 9185);

    private ChainRelayServer() {}

    /** The relay's WebSocket address, {@code ws://127.0.0.1:<port>/}. */
    public static URI webSocket() {
        return URI.create("ws://127.0.0.1:" + PORT + "/");
    }

    /** Its domain ({@code rmb.relay.domains}), as the chain's twins name it in their relays. */
    public static String domain() {
        return System.getProperty("it.chain.domain", "chain.relay.test");
    }

    /** The ports of its {@code rmb.chain.urls}, {@code ws://127.0.0.1:<port>} each, in its order. */
    public static int[] chainNodePorts() {
        return Arrays.stream(
                        System.getProperty("it.chain.node.ports", "9186,9187").split(","))
                .mapToInt(port -> Integer.parseInt(port.trim()))
                .toArray();
    }
}
