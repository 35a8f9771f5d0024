package dev.rmbee.peer.link;

import java.time.Instant;

/**
 * The state of one relay link, for logs and health checks.
 *
 * @param relay the relay's URL (never with a token)
 * @param connected whether the connection is open now
 * @param since when the link became connected, or disconnected; {@code null} before it started
 * @param lastError why the last connection ended or the last attempt failed; {@code null} if none did
 * @param connects how many times the link has connected so far
 * @param queued envelopes in its outbox
 */
public record LinkStatus(String relay, boolean connected, Instant since, String lastError, long connects, int queued) {}
