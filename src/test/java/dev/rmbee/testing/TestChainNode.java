package dev.rmbee.testing;

import dev.rmbee.registry.Twin;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A tfchain node for tests: the Node.js process of {@code src/test/chain-node} (polkadot-js; its
 * README describes the JSON-RPC it serves and the control API), started by {@link Builder#start()}
 * and stopped by {@link #close()} or with the JVM. Every control call waits for the node's answer.
 */
public final class TestChainNode implements AutoCloseable {

    /** Fixed ports for a manual run ({@code node chain-node.cjs}); tests take free ones by default. */
    public static final int DEFAULT_RPC_PORT = 9944;

    public static final int DEFAULT_SECOND_RPC_PORT = 9945;
    public static final int DEFAULT_CONTROL_PORT = 9950;

    private static final HexFormat HEX = HexFormat.of();

    /** Whether setting a twin also makes a block with a TfgridModule event about it. */
    public enum TwinEvent {
        NONE,
        STORED,
        UPDATED
    }

    /** How the next submission fails (the node's README says what each does). */
    public enum SubmitFailure {
        PAYMENT("payment"),
        BAD_PROOF("badProof"),
        STALE("stale"),
        FUTURE("future"),
        UNKNOWN("unknown"),
        INVALID("invalid"),
        DROPPED("dropped"),
        USURPED("usurped"),
        NEVER_INCLUDE("neverInclude"),
        NEVER_FINALIZE("neverFinalize");

        private final String kind;

        SubmitFailure(String kind) {
            this.kind = kind;
        }
    }

    /**
     * What the node received: signer, signature type ({@code Ed25519}, {@code Sr25519}, …), nonce,
     * call, update_twin's arguments and what became of it.
     */
    public record Submission(
            String hash,
            byte[] signer,
            String signatureType,
            long nonce,
            String section,
            String method,
            String relay,
            byte[] pk,
            String outcome,
            Long block) {}

    private final ChainNodeProcess process;
    private final List<Integer> rpcPorts;
    private final ChainNodeControl control;

    private TestChainNode(Builder builder, List<Integer> rpcPorts, int controlPort) {
        this.rpcPorts = List.copyOf(rpcPorts);
        this.control = new ChainNodeControl(controlPort);
        List<String> command = new ArrayList<>(List.of("node", "chain-node.cjs"));
        command.addAll(List.of("--metadata", builder.metadata.toAbsolutePath().toString()));
        command.addAll(List.of("--ports", rpcPorts.stream().map(String::valueOf).collect(Collectors.joining(","))));
        command.addAll(List.of("--control", Integer.toString(controlPort)));
        command.addAll(List.of("--genesis", "0x" + HEX.formatHex(builder.genesis)));
        command.addAll(List.of("--spec-version", Integer.toString(builder.specVersion)));
        command.addAll(List.of("--tx-version", Integer.toString(builder.transactionVersion)));
        command.addAll(List.of("--block-ms", Long.toString(builder.blockInterval.toMillis())));
        command.addAll(List.of("--exit-with-stdin", "true"));
        process = new ChainNodeProcess(command);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The WebSocket URL of every RPC port, in the order given. */
    public List<URI> urls() {
        return rpcPorts.stream().map(TestChainNode::url).toList();
    }

    public static URI url(int port) {
        return URI.create("ws://127.0.0.1:" + port);
    }

    public List<Integer> rpcPorts() {
        return rpcPorts;
    }

    /** Sets a twin (relays joined by {@code _} in sorted order), with or without an event block. */
    public void putTwin(Twin twin, TwinEvent event) {
        putTwin(
                twin,
                twin.relays().isEmpty()
                        ? null
                        : String.join("_", twin.relays().stream().sorted().toList()),
                event);
    }

    /** Sets a twin with this exact on-chain relay string ({@code null}: none). */
    public void putTwin(Twin twin, String relay, TwinEvent event) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("account", "0x" + HEX.formatHex(twin.account()))
                .add("event", event.name().toLowerCase(Locale.ROOT));
        body = relay == null ? body.addNull("relay") : body.add("relay", relay);
        body = twin.hasPk() ? body.add("pk", "0x" + HEX.formatHex(twin.pk())) : body.addNull("pk");
        control.put("twins/" + Integer.toUnsignedString(twin.id()), body.build());
    }

    /** Deletes a twin with a {@code TwinDeleted} event in a new block; false when there was none. */
    public boolean deleteTwin(int id) {
        return control.delete("twins/" + Integer.toUnsignedString(id))
                .asJsonObject()
                .getBoolean("existed");
    }

    /** Makes {@code count} blocks now; returns the best block number. */
    public long produceBlocks(int count) {
        JsonObject body = Json.createObjectBuilder().add("count", count).build();
        return control.post("blocks", body).asJsonObject().getJsonNumber("best").longValue();
    }

    public void stallHeads() {
        control.post("heads/stall", JsonValue.EMPTY_JSON_OBJECT);
    }

    public void resumeHeads() {
        control.post("heads/resume", JsonValue.EMPTY_JSON_OBJECT);
    }

    /** Automatic block interval; zero makes blocks only on demand (and right after a submission). */
    public void blockInterval(Duration interval) {
        control.put(
                "block-ms",
                Json.createObjectBuilder().add("ms", interval.toMillis()).build());
    }

    /** Terminates every client connection; returns how many there were. */
    public int dropConnections() {
        return control.post("connections/drop", JsonValue.EMPTY_JSON_OBJECT)
                .asJsonObject()
                .getInt("dropped");
    }

    public void closePort(int port) {
        control.post("ports/" + port + "/close", JsonValue.EMPTY_JSON_OBJECT);
    }

    public void openPort(int port) {
        control.post("ports/" + port + "/open", JsonValue.EMPTY_JSON_OBJECT);
    }

    public void failNextSubmit(SubmitFailure failure) {
        control.post(
                "submit-failures",
                Json.createObjectBuilder().add("kind", failure.kind).build());
    }

    public List<Submission> submitted() {
        return control.get("submitted").asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .map(TestChainNode::submission)
                .toList();
    }

    private static Submission submission(JsonObject s) {
        return new Submission(
                s.getString("hash"),
                Vectors.hex(s.getString("signer")),
                s.getString("signatureType", null),
                s.getJsonNumber("nonce").longValue(),
                s.getString("section"),
                s.getString("method"),
                s.isNull("relay") || !s.containsKey("relay") ? null : s.getString("relay"),
                !s.containsKey("pk") || s.isNull("pk") ? null : Vectors.hex(s.getString("pk")),
                s.getString("outcome"),
                s.isNull("block") ? null : s.getJsonNumber("block").longValue());
    }

    /** How many {@code state_getStorage} calls named this key (hex with 0x). */
    public int storageReads(String keyHex) {
        return control.get("storage-reads/" + keyHex).asJsonObject().getInt("count");
    }

    public Map<String, Integer> storageReads() {
        Map<String, Integer> reads = new TreeMap<>();
        control.get("storage-reads")
                .asJsonObject()
                .forEach((key, count) -> reads.put(key, ((JsonNumber) count).intValue()));
        return reads;
    }

    /** The storage keys polkadot-js makes for this twin and account: {@code twin}, {@code twinIdByAccount}, … */
    public JsonObject storageKeys(int twinId, byte[] account) {
        return control.get("keys?twin=" + Integer.toUnsignedString(twinId) + "&account=0x" + HEX.formatHex(account))
                .asJsonObject();
    }

    public void setNonce(byte[] account, long nonce) {
        control.put(
                "accounts/0x" + HEX.formatHex(account),
                Json.createObjectBuilder().add("nonce", nonce).build());
    }

    /** An account that cannot pay fees: its submissions get {@code 1010 payment}. */
    public void setPoor(byte[] account, boolean poor) {
        control.put(
                "accounts/0x" + HEX.formatHex(account),
                Json.createObjectBuilder().add("poor", poor).build());
    }

    /** A runtime upgrade to {@code specVersion}, with another metadata file when not null. */
    public void upgradeRuntime(int specVersion, Path metadata) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("specVersion", specVersion);
        if (metadata != null) {
            body.add("metadata", metadata.toAbsolutePath().toString());
        }
        control.post("runtime", body.build());
    }

    public JsonObject status() {
        return control.get("status").asJsonObject();
    }

    /** Back to the start state (twins, accounts, counters, failures, runtime, ports). */
    public void reset() {
        control.post("reset", JsonValue.EMPTY_JSON_OBJECT);
    }

    /** What the node wrote, for assertion messages. */
    public String describe() {
        return "chain node log:\n  " + String.join("\n  ", process.log());
    }

    @Override
    public void close() {
        process.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Options of a node; defaults: spec 149 metadata from the vectors, genesis 0x45…45, spec 149, tx 2. */
    public static final class Builder {
        private Path metadata = Vectors.dir().resolve("chain/metadata-spec149.scale");
        private byte[] genesis = Vectors.hex("45".repeat(32));
        private int specVersion = 149;
        private int transactionVersion = 2;
        private Duration blockInterval = Duration.ofSeconds(1);
        private List<Integer> rpcPorts;
        private int rpcPortCount = 2;
        private Integer controlPort;

        private Builder() {}

        public Builder metadata(Path metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder genesis(byte[] genesis) {
            this.genesis = genesis.clone();
            return this;
        }

        public Builder specVersion(int specVersion) {
            this.specVersion = specVersion;
            return this;
        }

        public Builder transactionVersion(int transactionVersion) {
            this.transactionVersion = transactionVersion;
            return this;
        }

        /** Automatic block interval ({@link Duration#ZERO}: only on demand); default one second. */
        public Builder blockInterval(Duration blockInterval) {
            this.blockInterval = blockInterval;
            return this;
        }

        /** These RPC ports instead of {@code count} free ones (default two). */
        public Builder rpcPorts(int... ports) {
            this.rpcPorts = Arrays.stream(ports).boxed().toList();
            return this;
        }

        public Builder freeRpcPorts(int count) {
            this.rpcPortCount = count;
            return this;
        }

        public Builder controlPort(int port) {
            this.controlPort = port;
            return this;
        }

        /** Installs the node if needed (skips the test without Node.js) and starts it. */
        public TestChainNode start() {
            ChainNodeInstall.ensureInstalled();
            List<Integer> ports = rpcPorts;
            if (ports == null) {
                ports = new ArrayList<>();
                for (int i = 0; i < rpcPortCount; i++) {
                    ports.add(freePort());
                }
            }
            return new TestChainNode(this, ports, controlPort != null ? controlPort : freePort());
        }
    }
}
