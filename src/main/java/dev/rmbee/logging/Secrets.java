package dev.rmbee.logging;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Masking for what may be shown of a setting that can hold a secret. A URL keeps its scheme, host,
 * port and path; a password in it ({@code redis://user:password@host}) and its query (where API keys
 * go) are replaced by {@code ***}. Secrets proper (the admin password, a peer's secret) are never
 * shown at all: say whether they are set.
 */
public final class Secrets {

    static final String MASK = "***";

    private Secrets() {}

    /** One URL, or several comma-separated, each masked. */
    public static String maskUrls(String urls) {
        return Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(Secrets::maskUrl)
                .collect(Collectors.joining(","));
    }

    /** One URL with its password and query masked; anything after a lone {@code @} counts as host. */
    public static String maskUrl(String url) {
        int schemeEnd = url.indexOf("://");
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int authorityEnd = firstOf(url, authorityStart, "/?#");
        String authority = url.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : userInfo.substring(0, colon) + ":";
            authority = user + MASK + authority.substring(at);
        }
        String rest = url.substring(authorityEnd);
        int query = rest.indexOf('?');
        if (query >= 0) {
            int fragment = rest.indexOf('#', query);
            rest = rest.substring(0, query + 1) + MASK + (fragment < 0 ? "" : rest.substring(fragment));
        }
        return url.substring(0, authorityStart) + authority + rest;
    }

    private static int firstOf(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
