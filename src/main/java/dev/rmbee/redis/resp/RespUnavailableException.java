package dev.rmbee.redis.resp;

import java.io.IOException;

/**
 * Redis did not answer a command: the connection broke with the command in flight, the client
 * was not connected, or the unsent commands were already at their bound. An {@link IOException},
 * so the relay's outage handling counts it as Redis being unreachable.
 */
public final class RespUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public RespUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
