package dev.rmbee.peer.link;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A link's failures as log lines and status text: never the token, which some errors might quote with the URL. */
final class LinkFailures {

    private static final Logger LOG = Logger.getLogger(RelayLink.class.getName());
    private static final int MAX_DETAIL = 200;
    /** A relay that stays down fails every reconnect: once a minute per relay, with a count. */
    private static final LogThrottle ATTEMPTS = LogThrottle.perInterval();

    private LinkFailures() {}

    /**
     * {@code error} in one line: for a refused handshake the relay's status and reason (its body),
     * for a bad 101 answer what was wrong with it, otherwise the exception's class and message;
     * {@code token} (when given) replaced by {@code <token>}.
     */
    static String describe(Throwable error, String token) {
        Throwable cause = AsyncResults.unwrap(error);
        String text = cause instanceof WebSocketHandshakeException refused ? refusal(refused) : exception(cause);
        return token == null || token.isEmpty() ? text : text.replace(token, "<token>");
    }

    /**
     * Logs a lost connection (WARNING) or a failed attempt: the attempts of a relay that stays down
     * once a minute, with a count.
     */
    static void logDown(RelayUrl url, boolean wasConnected, String reason, long failures, Duration delay) {
        if (wasConnected) {
            LogFields.relay(url)
                    .log(
                            LOG,
                            Level.WARNING,
                            () -> "relay link disconnected (" + reason + "); reconnecting in " + delay.toMillis()
                                    + " ms");
        } else {
            ATTEMPTS.log(
                    url.toString(),
                    LOG,
                    Level.WARNING,
                    LogFields.relay(url),
                    () -> "relay link: " + reason + " (attempt " + failures + "); retrying in " + delay.toMillis()
                            + " ms");
        }
    }

    /** Logs a link up, with the failed attempts not yet reported. */
    static void logUp(RelayUrl url, boolean again) {
        String unreported = ATTEMPTS.resolved(url.toString())
                .map(repeats -> " after " + repeats.count() + " more failed attempts")
                .orElse("");
        LogFields.relay(url).log(LOG, Level.INFO, () -> "relay link connected" + (again ? " again" : "") + unreported);
    }

    private static String refusal(WebSocketHandshakeException refused) {
        int status = refused.getResponse().statusCode();
        Object body = refused.getResponse().body();
        String detail = status == 101
                ? refused.getCause() == null ? null : refused.getCause().getMessage()
                : body == null ? null : body.toString().strip();
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "…";
        }
        return "the relay answered HTTP " + status + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private static String exception(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank()
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + message;
    }
}
