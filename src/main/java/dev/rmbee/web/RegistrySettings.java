package dev.rmbee.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The twin registry's settings, from MicroProfile Config (docs/configuration.md, "Relay settings"). */
@ApplicationScoped
public class RegistrySettings {

    static final String ADMIN_FILE = "rmb.registry.admin-file";

    @Inject
    @ConfigProperty(name = "rmb.registry.file")
    Optional<String> file;

    @Inject
    @ConfigProperty(name = ADMIN_FILE)
    Optional<String> adminFile;

    /** The registry file, or several separated by commas (later files win for the same id); empty: none. */
    public Optional<String> file() {
        return file.filter(value -> !value.isBlank());
    }

    /**
     * The file that keeps the admin API's changes across restarts (embedded mode); empty: none, they
     * live in memory. With Redis they live in Redis instead.
     */
    public Optional<Path> adminFile() {
        return adminFile.filter(value -> !value.isBlank()).map(value -> Path.of(value.trim()));
    }
}
