package dev.rmbee.relay;

import dev.rmbee.metrics.Eviction;

/** The WebSocket close codes (RFC 6455 §7.4.1) the relay closes twins' connections with. */
public final class CloseCodes {

    /** A newer connection of the same session replaced this one. */
    public static final int NORMAL_CLOSURE = 1000;
    /** The twin stopped answering pings. */
    public static final int GOING_AWAY = 1001;
    /** A text frame: the relay takes binary envelopes only. */
    public static final int CANNOT_ACCEPT = 1003;
    /** A binary message that is not an envelope. */
    public static final int NOT_CONSISTENT = 1007;
    /** The session's token could not be read, or the relay's administrator disconnected the session. */
    public static final int VIOLATED_POLICY = 1008;
    /** A message over the size cap. */
    public static final int TOO_BIG = 1009;
    /** A write, a ping or the processing of a message failed. */
    public static final int UNEXPECTED_CONDITION = 1011;
    /** The relay holds as many sessions as it may. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {}

    /** Why a connection left, by the relay's first close code of it (0: the relay closed none). */
    static Eviction eviction(int closeCode) {
        return switch (closeCode) {
            case 0 -> Eviction.CLOSED;
            case NORMAL_CLOSURE -> Eviction.REPLACED;
            case GOING_AWAY -> Eviction.PONG_TIMEOUT;
            case CANNOT_ACCEPT -> Eviction.TEXT_FRAME;
            case NOT_CONSISTENT -> Eviction.INVALID_ENVELOPE;
            case TOO_BIG -> Eviction.TOO_BIG;
            default -> Eviction.ERROR;
        };
    }
}
