/**
 * The relay load generator ({@link dev.rmbee.bench.relay.RelayLoad}, run by {@code bench/relay-bench.sh}
 * and {@code bench/federation-bench.sh}): sender → receiver {@link dev.rmbee.bench.relay.Flow}s over
 * real WebSockets, the {@link dev.rmbee.bench.relay.PhaseRunner phases} that load and measure them,
 * the CPU of client, relays and Redis ({@link dev.rmbee.bench.relay.RelayCpu}), idle sessions'
 * heap, the federation benchmark's twins and the report.
 */
package dev.rmbee.bench.relay;
