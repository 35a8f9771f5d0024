package dev.rmbee.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secrets in log files: every occurrence of a known secret (a twin's seed, mnemonic or
 * secret URI, a password), hex ones also without {@code 0x} and in any case, and of a JWT-looking
 * string ({@code eyJ...}{@code .eyJ...}). A finding names the file, the line number and what was
 * found, and shows the line with every secret in it masked, so the report leaks nothing itself.
 */
public final class LogScan {

    /** A JWT's header and claims: two base64url JSON objects, the first part of a token. */
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*)?");

    private static final int MAX_SHOWN = 300;

    /** What was found where: {@code what} names the secret, never shows it. */
    public record Finding(Path file, int line, String what, String maskedLine) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + what + ": " + maskedLine;
        }
    }

    /** The secrets, by value (as it would appear) → what to call it in a report. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    /**
     * Adds a secret to look for, named by {@code what} in reports. A {@code 0x} hex value is also
     * looked for without the prefix, in any case. Values shorter than 5 characters are refused: they
     * would match by chance.
     */
    public LogScan secret(String what, String value) {
        if (value.length() < 5) {
            throw new IllegalArgumentException(
                    what + ": a secret of " + value.length() + " characters would match by chance");
        }
        secrets.putIfAbsent(value, what);
        if (value.startsWith("0x") && value.length() > 8) {
            secrets.putIfAbsent(value.substring(2).toLowerCase(Locale.ROOT), what + " (hex)");
        }
        return this;
    }

    /** How many values are looked for. */
    public int size() {
        return secrets.size();
    }

    /** Every finding in the regular files under {@code dirs} changed at or after {@code since}. */
    public List<Finding> scan(List<Path> dirs, Instant since) {
        List<Finding> findings = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (!Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                        findings.addAll(scan(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the logs under " + dir, e);
            }
        }
        return findings;
    }

    /** Every finding in one file. */
    public List<Finding> scan(Path file) {
        List<Finding> findings = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
        try (BufferedReader reader =
                new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                for (String what : found(line)) {
                    findings.add(new Finding(file, number, what, mask(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return findings;
    }

    private List<String> found(String line) {
        List<String> found = new ArrayList<>();
        String lower = line.toLowerCase(Locale.ROOT);
        secrets.forEach((value, what) -> {
            if (line.contains(value) || isLowerHex(value) && lower.contains(value)) {
                found.add(what);
            }
        });
        if (JWT.matcher(line).find()) {
            found.add("a JWT");
        }
        return found;
    }

    /** The line with every secret and token in it replaced by {@code ***}, cut to a readable length. */
    String mask(String line) {
        String masked = line;
        for (String value : secrets.keySet()) {
            masked = Pattern.compile(Pattern.quote(value), isLowerHex(value) ? Pattern.CASE_INSENSITIVE : 0)
                    .matcher(masked)
                    .replaceAll("***");
        }
        masked = JWT.matcher(masked).replaceAll(Matcher.quoteReplacement("eyJ***"));
        return masked.length() <= MAX_SHOWN ? masked : masked.substring(0, MAX_SHOWN) + "...";
    }

    private static boolean isLowerHex(String value) {
        return value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }
}
