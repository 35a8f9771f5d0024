package dev.rmbee.relay;

/**
 * What waits in the session queues of the whole relay, for metrics.
 *
 * @param messages envelopes queued and not yet confirmed
 * @param bytes their size: the envelopes' bytes in memory; with Redis the memory Redis reports for
 *     the streams ({@code MEMORY USAGE}, its estimate, overhead included)
 * @param sessions queues holding at least one envelope
 * @param complete false when a scan stopped at its bound and the figures cover only part of the queues
 */
public record QueueTotals(long messages, long bytes, long sessions, boolean complete) {

    /** Nothing queued. */
    public static final QueueTotals NONE = new QueueTotals(0, 0, 0, true);
}
