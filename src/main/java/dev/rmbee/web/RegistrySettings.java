package dev.rmbee.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The twin registry's setting, from MicroProfile Config (docs/configuration.md, "Relay settings"). */
@ApplicationScoped
public class RegistrySettings {

    @Inject
    @ConfigProperty(name = "rmb.registry.file")
    Optional<String> file;

    /** The registry file, or several separated by commas (later files win for the same id); empty: none. */
    public Optional<String> file() {
        return file.filter(value -> !value.isBlank());
    }
}
