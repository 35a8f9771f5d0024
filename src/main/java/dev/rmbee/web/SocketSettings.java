package dev.rmbee.web;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long a twin's socket may stay silent ({@code rmb.relay.idle-timeout}): nothing heard from the
 * twin, no message and no answer to the relay's ping, or a frame begun and never finished. The
 * relay pings a twin silent for half of it and closes the connection when the whole of it passes
 * without a word ({@code relay.LivenessSweep}); a twin's own WebSocket pings are answered by the
 * container and not seen by the relay, so a live twin is heard through its pong.
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
