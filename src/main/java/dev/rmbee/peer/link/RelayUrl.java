package dev.rmbee.peer.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A relay's WebSocket address as configured for a peer: {@code ws://} or {@code wss://}, a host
 * (a domain or, unlike the reference, an IP address), an optional port and path; no query, since
 * the query carries the connection's token, and no user information or fragment, so the address
 * can be logged as it is.
 *
 * @param uri the normalized address: lower-case scheme and host, path at least {@code /}
 */
public record RelayUrl(URI uri) {

    public RelayUrl {
        if (uri == null) {
            throw new IllegalArgumentException("relay URL is missing");
        }
    }

    /** Parses and checks one configured relay URL; the message of a refusal names the problem. */
    public static RelayUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("relay URL is empty");
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "relay URL '" + shown(trimmed) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("relay URL '" + shown(trimmed) + "' must start with ws:// or wss://");
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException("relay URL '" + shown(trimmed) + "' has no valid host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("relay URL '" + shown(trimmed) + "' must not contain user information");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException(
                    "relay URL '" + shown(trimmed) + "' must not have a query: the query carries the token");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("relay URL '" + shown(trimmed) + "' must not have a fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return new RelayUrl(URI.create(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path));
    }

    /** The address to connect to: this one with the token as its whole query ({@code ws://host/?<jwt>}). */
    URI withToken(String token) {
        return URI.create(uri + "?" + token);
    }

    /** The same relay whatever the spelling: the default port made explicit. */
    String identity() {
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("wss") ? 443 : 80;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + uri.getRawPath();
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    /** A refused URL as it may be shown: without anything after '?' or '#' (a token, perhaps). */
    private static String shown(String text) {
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String head = text.substring(0, cut);
        int at = head.lastIndexOf('@');
        int authority = head.indexOf("//");
        if (at >= 0 && authority >= 0 && at > authority) {
            head = head.substring(0, authority + 2) + "…@" + head.substring(at + 1);
        }
        return cut < text.length() ? head + "…" : head;
    }
}
