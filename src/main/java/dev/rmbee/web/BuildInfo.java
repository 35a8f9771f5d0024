package dev.rmbee.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build (filled in by Maven): what rmb.version answers. */
final class BuildInfo {

    private static final String VERSION = load();

    private BuildInfo() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} outside a Maven build. */
    static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/rmbee/build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
