/**
 * The relay's own log lines: {@link dev.rmbee.logging.LogFields} (the twin, session, uid or remote
 * relay a line concerns, written as {@code key=value} after its text and, on Open Liberty, carried
 * as the JSON log's {@code ext_*} fields), {@link dev.rmbee.logging.LogThrottle} (a failure that
 * repeats is logged once per interval with a count), {@link dev.rmbee.logging.StartupSummary}
 * (the start-up line) and {@link dev.rmbee.logging.Secrets} (masking for URLs that may hold a
 * password or key). Plain Java over {@code java.util.logging}; Liberty's {@code LogRecordContext}
 * is used when present.
 */
package dev.rmbee.logging;
