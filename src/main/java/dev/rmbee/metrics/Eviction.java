package dev.rmbee.metrics;

import java.util.Locale;

/**
 * Why a twin's connection left the relay: the {@code reason} label of
 * {@code relay_session_evictions_total}. The reference counts {@code closed},
 * {@code back_pressure_timeout} and {@code cancelled}; this relay's reasons are its own (the
 * twin's side ending the connection is {@code closed} in both).
 */
public enum Eviction {
    /** The twin (or the network) ended the connection. */
    CLOSED,
    /** A newer connection of the same session took its place. */
    REPLACED,
    /** The twin did not answer a ping in time: a confirmation ping, or the relay's ping of a silent twin. */
    PONG_TIMEOUT,
    /** A message over the size cap. */
    TOO_BIG,
    /** A binary message that was not an envelope. */
    INVALID_ENVELOPE,
    /** A text frame. */
    TEXT_FRAME,
    /** A write or a ping failed or timed out, or processing a message failed. */
    ERROR;

    /** The label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
