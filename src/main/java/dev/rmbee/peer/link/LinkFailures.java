package dev.rmbee.peer.link;

import dev.rmbee.async.AsyncResults;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A link's failures as log lines and status text: never the token, which some errors might quote with the URL. */
final class LinkFailures {

    private static final Logger LOG = Logger.getLogger(RelayLink.class.getName());
    private static final int MAX_DETAIL = 200;

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
     * Logs a lost connection (WARNING) or a failed attempt: WARNING for the first of a series and
     * every tenth, INFO for the others of a relay that stays down.
     */
    static void logDown(RelayUrl url, boolean wasConnected, String reason, long failures, Duration delay) {
        if (wasConnected) {
            LOG.log(Level.WARNING, "relay {0}: disconnected ({1}); reconnecting in {2} ms", new Object[] {
                url, reason, Long.toString(delay.toMillis())
            });
        } else {
            LOG.log(
                    failures == 1 || failures % 10 == 0 ? Level.WARNING : Level.INFO,
                    "relay {0}: {1} (attempt {2}); retrying in {3} ms",
                    new Object[] {url, reason, Long.toString(failures), Long.toString(delay.toMillis())});
        }
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
