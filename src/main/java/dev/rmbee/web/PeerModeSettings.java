package dev.rmbee.web;

import dev.rmbee.identity.KeyType;
import dev.rmbee.peer.PeerSettings;
import dev.rmbee.peer.link.RelayLinkSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The peer gateway's settings (rmb.peer.*), from MicroProfile Config; docs/configuration.md lists
 * them. The secret is only ever handed to the key derivation, never logged or shown. The Redis of
 * the local API is the application's one ({@link RedisSettings}).
 */
@ApplicationScoped
public class PeerModeSettings {

    @Inject
    @ConfigProperty(name = "rmb.peer.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "rmb.peer.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "rmb.peer.key-type", defaultValue = "sr25519")
    String keyType;

    @Inject
    @ConfigProperty(name = "rmb.peer.twin")
    Optional<Integer> twin;

    @Inject
    @ConfigProperty(name = "rmb.peer.publish", defaultValue = "true")
    boolean publish;

    @Inject
    @ConfigProperty(name = "rmb.peer.relays")
    Optional<String> relays;

    @Inject
    @ConfigProperty(name = "rmb.peer.max-in-flight", defaultValue = "256")
    int maxInFlight;

    @Inject
    @ConfigProperty(name = "rmb.peer.remembered-messages", defaultValue = "100000")
    int rememberedMessages;

    @Inject
    @ConfigProperty(name = "rmb.peer.ping-idle", defaultValue = "20")
    long pingIdleSeconds;

    @Inject
    @ConfigProperty(name = "rmb.peer.liveness", defaultValue = "40")
    long livenessSeconds;

    @Inject
    @ConfigProperty(name = "rmb.peer.envelope-ping", defaultValue = "60")
    long envelopePingSeconds;

    @Inject
    @ConfigProperty(name = "rmb.peer.reconnect.initial", defaultValue = "1000")
    long reconnectInitialMillis;

    @Inject
    @ConfigProperty(name = "rmb.peer.reconnect.max", defaultValue = "30000")
    long reconnectMaxMillis;

    public boolean enabled() {
        return enabled;
    }

    /** The secret: a mnemonic, a 0x seed or a dev phrase such as //Alice. */
    public String secret() {
        return secret.filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "peer mode needs rmb.peer.secret (RMB_PEER_SECRET): a mnemonic, a 0x seed or a dev phrase"));
    }

    public KeyType keyType() {
        return switch (keyType.trim().toLowerCase(Locale.ROOT)) {
            case "sr25519" -> KeyType.SR25519;
            case "ed25519" -> KeyType.ED25519;
            default ->
                throw new IllegalStateException("rmb.peer.key-type must be sr25519 or ed25519, not '" + keyType + "'");
        };
    }

    /** The configured twin id; empty: look the twin up by its account. */
    public OptionalInt twin() {
        return twin.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    /** With a chain: publish the peer's relays and e2e key when the chain's differ. */
    public boolean publish() {
        return publish;
    }

    public List<String> relays() {
        List<String> urls = relays.map(value -> Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(url -> !url.isEmpty())
                        .toList())
                .orElse(List.of());
        if (urls.isEmpty()) {
            throw new IllegalStateException("peer mode needs rmb.peer.relays (RMB_PEER_RELAYS): 1 to 4 ws:// or "
                    + "wss:// relay URLs, comma-separated");
        }
        return urls;
    }

    public PeerSettings gatewaySettings(String version) {
        return new PeerSettings(
                version,
                maxInFlight,
                PeerSettings.DEFAULT_POP_TIMEOUT,
                PeerSettings.DEFAULT_RETRY_DELAY,
                rememberedMessages);
    }

    public RelayLinkSettings linkSettings() {
        return RelayLinkSettings.DEFAULTS
                .withKeepAlive(
                        Duration.ofSeconds(pingIdleSeconds),
                        Duration.ofSeconds(livenessSeconds),
                        Duration.ofSeconds(envelopePingSeconds))
                .withBackoff(Duration.ofMillis(reconnectInitialMillis), Duration.ofMillis(reconnectMaxMillis));
    }
}
