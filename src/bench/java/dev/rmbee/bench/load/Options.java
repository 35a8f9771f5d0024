package dev.rmbee.bench.load;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} arguments of a load generator's command. */
public final class Options {
    private final Map<String, String> values = new HashMap<>();

    public Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(key, args[++i]);
            } else {
                values.put(key, "true");
            }
        }
    }

    /** The value of {@code --key}, or {@code fallback}; required when {@code fallback} is null. */
    public String string(String key, String fallback) {
        String value = values.getOrDefault(key, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    public int integer(String key, int fallback) {
        return Integer.parseInt(string(key, Integer.toString(fallback)));
    }

    public double decimal(String key, double fallback) {
        return Double.parseDouble(string(key, Double.toString(fallback)));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    /** A comma-separated list of process ids ("" for none). */
    public static long[] pids(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .mapToLong(Long::parseLong)
                .filter(pid -> pid > 0)
                .toArray();
    }

    /** Only loopback targets: this load never leaves the machine. */
    public static URI loopback(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (!"ws".equals(uri.getScheme())
                || host == null
                || !(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("only ws:// URLs on the loopback interface: " + url);
        }
        return uri;
    }
}
