package dev.rmbee.logging;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The start-up line: what this server runs as — version, mode (where the queues live, peer on or
 * off), domains, where twins come from, limits — in one line of {@code key=value} fields, with every
 * URL masked ({@link Secrets}) and no secret at all: the admin password and the peer's secret only
 * show as the part they switch on.
 */
public final class StartupSummary {

    /**
     * The facts of one start.
     *
     * @param redis {@code rmb.redis.url} as given (one URL or several), empty: embedded queues
     * @param registryFiles {@code rmb.registry.file} as given, empty: none
     * @param chainUrls {@code rmb.chain.urls}, empty: no chain
     * @param federationScheme scheme of the POSTs to other relays
     * @param peer the peer gateway's facts, empty: peer mode off
     * @param adminUser the admin API's user, empty: admin API off (no password set)
     */
    public record Facts(
            String version,
            Set<String> domains,
            Optional<String> redis,
            boolean cluster,
            Optional<String> registryFiles,
            List<String> chainUrls,
            Limits limits,
            String federationScheme,
            Optional<Peer> peer,
            Optional<String> adminUser) {}

    /** The relay's limits ({@code rmb.relay.*}); a rate of 0 is no limit. */
    public record Limits(
            int maxSessions,
            int maxMessageBytes,
            long rateCount,
            long rateBytes,
            long rateWindowSeconds,
            int queueMaxLength,
            long queueExpirySeconds) {}

    /** Peer mode: its key type, its twin (empty: looked up by account), its relay URLs. */
    public record Peer(String keyType, OptionalInt twin, List<String> relays) {}

    private StartupSummary() {}

    /** The line: {@code rmb-ee <version> starting [mode=... ...]}. */
    public static String line(Facts facts) {
        LogFields fields = LogFields.none().and("mode", mode(facts));
        if (facts.redis().isPresent()) {
            fields = fields.and("redis", Secrets.maskUrls(facts.redis().get()));
        }
        fields = fields.and("peer", facts.peer().isPresent() ? "on" : "off");
        if (facts.peer().isPresent()) {
            Peer peer = facts.peer().get();
            fields = fields.and("peer.key-type", peer.keyType())
                    .and(
                            "peer.twin",
                            peer.twin().isPresent()
                                    ? Integer.toUnsignedString(peer.twin().getAsInt())
                                    : "by-account")
                    .and("peer.relays", Secrets.maskUrls(String.join(",", peer.relays())));
        }
        fields = fields.and("domains", String.join(",", facts.domains()))
                .and("registry.files", facts.registryFiles().orElse("none"))
                .and(
                        "chain",
                        facts.chainUrls().isEmpty() ? "off" : Secrets.maskUrls(String.join(",", facts.chainUrls())));
        fields = limits(fields, facts.limits())
                .and("federation.scheme", facts.federationScheme())
                .and("admin", facts.adminUser().isPresent() ? "on" : "off")
                .and("admin.user", facts.adminUser().orElse(null));
        return fields.line("rmb-ee " + facts.version() + " starting");
    }

    private static String mode(Facts facts) {
        if (facts.redis().isEmpty()) {
            return "embedded";
        }
        return facts.cluster() ? "redis-cluster" : "redis";
    }

    private static LogFields limits(LogFields fields, Limits limits) {
        return fields.and("max-sessions", limits.maxSessions())
                .and("max-message-bytes", limits.maxMessageBytes())
                .and("limit.count", limits.rateCount() == 0 ? "none" : limits.rateCount())
                .and("limit.bytes", limits.rateBytes() == 0 ? "none" : limits.rateBytes())
                .and("limit.window", limits.rateWindowSeconds() + "s")
                .and("queue.max-length", limits.queueMaxLength())
                .and("queue.expiry", limits.queueExpirySeconds() + "s");
    }
}
