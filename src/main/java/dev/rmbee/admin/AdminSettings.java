package dev.rmbee.admin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The administration API's settings from MicroProfile Config. Without {@code rmb.admin.password}
 * the API is disabled. The password is never logged.
 */
@ApplicationScoped
public class AdminSettings {

    private static final Logger LOG = Logger.getLogger(AdminSettings.class.getName());

    @Inject
    @ConfigProperty(name = "rmb.admin.user", defaultValue = "admin")
    String user;

    @Inject
    @ConfigProperty(name = "rmb.admin.password")
    Optional<String> password;

    private AdminCredentials credentials;

    @PostConstruct
    void start() {
        if (password.isEmpty() || password.get().isBlank()) {
            LOG.info("admin API disabled: rmb.admin.password is not set");
            return;
        }
        try {
            credentials = new AdminCredentials(user, password.get());
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "admin API disabled: rmb.admin.user: " + e.getMessage());
            return;
        }
        LOG.info(() -> "admin API enabled at /admin for user " + user);
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // touching the bean makes CDI create it, so the state of the admin API is logged at deployment
        LOG.fine(() -> "admin API " + (credentials == null ? "disabled" : "enabled"));
    }

    /** The administrator's credentials, or empty when the admin API is disabled. */
    public Optional<AdminCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }
}
