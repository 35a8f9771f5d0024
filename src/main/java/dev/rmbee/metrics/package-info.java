/**
 * The relay's own counters, in plain Java: what the relay, federation and chain cores count as they
 * work (envelopes queued and delivered with their bytes, sessions leaving and why, error envelopes
 * by reason, federation deliveries per remote relay, the chain listener's events), kept in
 * {@link java.util.concurrent.atomic.LongAdder}s so that counting takes no lock and allocates
 * nothing per message. The cores update them; the container's metrics binding reads them when
 * {@code /metrics} is scraped. Label values are bounded: enums, and at most a fixed number of
 * remote relay domains ({@link dev.rmbee.metrics.BoundedLabels}).
 */
package dev.rmbee.metrics;
