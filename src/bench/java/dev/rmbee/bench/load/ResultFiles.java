package dev.rmbee.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A measurement's results: a properties file, which the {@code report} commands print as tables. */
public final class ResultFiles {

    private ResultFiles() {}

    /** Writes {@code result} to {@code file} (creating its directory), with {@code comment} as its header. */
    public static void store(Properties result, Path file, String comment) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            result.store(out, comment);
        }
    }

    public static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }
}
