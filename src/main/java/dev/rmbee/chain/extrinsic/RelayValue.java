package dev.rmbee.chain.extrinsic;

import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The relay value a peer publishes on its twin, as rmb-peer makes it (chain.md §1): the host names of its relay
 * URLs (no scheme, no port, lower case as URL parsers normalize them), de-duplicated, in the order the URLs are
 * configured, joined by {@code _}. The order carries no meaning to the chain: values are compared as sets of
 * hosts ({@link #sameHosts}), so publishing is needed only when the sets differ.
 */
public final class RelayValue {

    public static final String SEPARATOR = "_";

    private RelayValue() {}

    /**
     * The value for {@code relayUrls} ({@code ws://}/{@code wss://} URLs).
     *
     * @throws IllegalArgumentException for an empty list or a URL without a host
     */
    public static String of(Collection<URI> relayUrls) {
        if (relayUrls.isEmpty()) {
            throw new IllegalArgumentException("no relay URL to publish");
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (URI url : relayUrls) {
            hosts.add(host(url));
        }
        return String.join(SEPARATOR, hosts);
    }

    /** The set of hosts in a relay value (the on-chain string split at {@code _}); empty for null or "". */
    public static Set<String> hosts(String value) {
        if (value == null || value.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(value.split(SEPARATOR, -1)).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Whether two relay values name the same hosts, in any order (null and "" name none). */
    public static boolean sameHosts(String a, String b) {
        return hosts(a).equals(hosts(b));
    }

    private static String host(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("relay URL without a host name: " + url);
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
