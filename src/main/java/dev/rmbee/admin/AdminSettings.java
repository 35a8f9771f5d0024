package dev.rmbee.admin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
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

    /** The admin API's own port; the same name is the server.xml variable that opens it. */
    @Inject
    @ConfigProperty(name = "rmb.admin.port", defaultValue = "-1")
    int port;

    @Inject
    @ConfigProperty(name = "rmb.admin.lockout.failures", defaultValue = "10")
    int lockoutFailures;

    @Inject
    @ConfigProperty(name = "rmb.admin.lockout.window", defaultValue = "300")
    long lockoutWindowSeconds;

    @Inject
    @ConfigProperty(name = "rmb.admin.lockout.duration", defaultValue = "300")
    long lockoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.admin.lockout.addresses", defaultValue = "10000")
    int lockoutAddresses;

    /** The largest request body the admin API reads; a larger one is refused with 413. */
    @Inject
    @ConfigProperty(name = "rmb.admin.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    private AdminCredentials credentials;
    private LoginLockout.Limits lockout;

    @PostConstruct
    void start() {
        if (port == 0 || port < -1 || port > 65535) {
            throw new IllegalStateException("rmb.admin.port must be a TCP port (1 to 65535), or -1 for none: " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalStateException("rmb.admin.max-body-bytes must be at least 1: " + maxBodyBytes);
        }
        try {
            lockout = new LoginLockout.Limits(
                    lockoutFailures,
                    Duration.ofSeconds(lockoutWindowSeconds),
                    Duration.ofSeconds(lockoutSeconds),
                    lockoutAddresses);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "rmb.admin.lockout.failures, .window, .duration and .addresses must all be at least 1", e);
        }
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
        LOG.info(
                () -> "admin API enabled at /admin for user " + user + (port > 0 ? ", on port " + port + " only" : ""));
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // touching the bean makes CDI create it, so the state of the admin API is logged at deployment
        LOG.fine(() -> "admin API " + (credentials == null ? "disabled" : "enabled"));
    }

    /** The administrator's credentials, or empty when the admin API is disabled. */
    public Optional<AdminCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** The port the admin API is served on alone, or empty when it is served on every port. */
    public OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** Whether a request that came in on {@code localPort} may reach the admin API. */
    public boolean servedOn(int localPort) {
        return credentials != null && (port <= 0 || port == localPort);
    }

    /** The largest request body the admin API reads, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** When failed logins lock a remote address out. */
    public LoginLockout.Limits lockout() {
        return lockout;
    }
}
