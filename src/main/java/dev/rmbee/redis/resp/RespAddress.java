package dev.rmbee.redis.resp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A Redis node as the relay's settings name it: {@code redis://[[user]:password@]host[:port]}, or
 * {@code rediss://…} for TLS (the JDK's default trust, host name checked). The port defaults to
 * 6379. A path (a database number) is not taken: the relay's Redisson client does not select one
 * either, and both clients must see the same keys.
 *
 * @param user the ACL user, empty for the default user
 * @param password empty: no {@code AUTH}
 */
public record RespAddress(String host, int port, boolean tls, Optional<String> user, Optional<String> password) {

    private static final int DEFAULT_PORT = 6379;

    /** Parses one node URL; a scheme other than {@code redis} or {@code rediss} is refused. */
    public static RespAddress parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis URL: " + masked(url), e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL: " + masked(url));
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String name = colon < 0 ? "" : decode(info.substring(0, colon));
            String secret = decode(colon < 0 ? info : info.substring(colon + 1));
            user = name.isEmpty() ? Optional.empty() : Optional.of(name);
            password = secret.isEmpty() ? Optional.empty() : Optional.of(secret);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new RespAddress(uri.getHost(), port, "rediss".equals(scheme), user, password);
    }

    /** The same credentials and TLS at another node (one a cluster named in a redirect or its slot map). */
    public RespAddress at(String otherHost, int otherPort) {
        return new RespAddress(otherHost, otherPort, tls, user, password);
    }

    /** {@code host:port}, for messages and as a cluster node's name. */
    public String hostPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + hostPort();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String masked(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
