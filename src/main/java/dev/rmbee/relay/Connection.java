package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;

/** One authenticated twin connection, as the relay core sees it (the socket stays in the container layer). */
public interface Connection {

    SessionKey session();

    /** Queues one envelope for sending; never blocks the caller. */
    void send(byte[] envelope);

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);
}
