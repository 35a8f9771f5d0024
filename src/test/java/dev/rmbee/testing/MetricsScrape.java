package dev.rmbee.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a server's {@code /metrics} (Prometheus text, as MicroProfile Metrics writes it):
 * its samples by name and labels. {@link #value} fails naming the family's samples when the one
 * asked for is missing.
 */
public final class MetricsScrape {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: a series (name and labels) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
        this.samples = parse(text);
    }

    /** Scrapes {@code http://host:port/metrics}; fails unless it answers 200. */
    public static MetricsScrape of(String hostAndPort) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + hostAndPort + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics of " + hostAndPort + ": HTTP " + response.statusCode());
        }
        return new MetricsScrape(response.body());
    }

    private static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    /**
     * The value of the sample {@code name} whose labels include {@code labels} ({@code "key=value"}
     * each), if there is exactly one.
     */
    public OptionalDouble find(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        return matching.size() == 1 ? OptionalDouble.of(matching.get(0).value()) : OptionalDouble.empty();
    }

    /** As {@link #find}, failing (with the family's samples) unless exactly one sample matches. */
    public double value(String name, String... labels) {
        List<Sample> matching = matching(name, labels);
        if (matching.size() != 1) {
            throw new AssertionError(
                    matching.size() + " samples " + name + " with " + List.of(labels) + " among " + matching(name));
        }
        return matching.get(0).value();
    }

    /** The samples of one family (name), whatever their labels. */
    public List<Sample> family(String name) {
        return matching(name);
    }

    /** The text as served. */
    public String text() {
        return text;
    }

    private List<Sample> matching(String name, String... labels) {
        List<Sample> matching = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasAll(sample.labels(), labels)) {
                matching.add(sample);
            }
        }
        return matching;
    }

    private static boolean hasAll(Map<String, String> labels, String... wanted) {
        for (String pair : wanted) {
            int equals = pair.indexOf('=');
            if (!pair.substring(equals + 1).equals(labels.get(pair.substring(0, equals)))) {
                return false;
            }
        }
        return true;
    }
}
