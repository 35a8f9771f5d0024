/**
 * The relay's figures on {@code /metrics} (MicroProfile Metrics, Prometheus text, scope
 * {@code application}): the counters of {@link dev.rmbee.metrics} and the state of the relay's
 * parts (sessions, queues, federation backlog, twin cache and chain listener, peer links), bound as
 * gauges that read them when the endpoint is scraped, so the hot path never touches the metrics
 * library. One class per capability registers its families at deployment; docs/configuration.md
 * lists every family.
 */
package dev.rmbee.web.metrics;
