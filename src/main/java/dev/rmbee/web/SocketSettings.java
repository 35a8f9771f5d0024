package dev.rmbee.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long a twin's socket may stay silent ({@code rmb.relay.idle-timeout}): nothing received,
 * not even a WebSocket ping or pong, or a frame begun and never finished. The container closes it
 * then. Every known client sends something at least every 20 s (rmb-peer and this relay's peer
 * mode a WebSocket ping when idle, the official TypeScript client an envelope Ping).
 */
@ApplicationScoped
public class SocketSettings {

    @Inject
    @ConfigProperty(name = "rmb.relay.idle-timeout", defaultValue = "300")
    long idleTimeoutSeconds;

    @PostConstruct
    void check() {
        if (idleTimeoutSeconds < 0) {
            throw new IllegalStateException(
                    "rmb.relay.idle-timeout must be 0 (never) or a number of seconds: " + idleTimeoutSeconds);
        }
    }

    /** The idle timeout; zero for none. */
    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }
}
