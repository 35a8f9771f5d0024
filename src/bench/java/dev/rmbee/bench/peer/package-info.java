/**
 * The peer gateway load generator ({@link dev.rmbee.bench.peer.PeerLoad}, run by
 * {@code bench/peer-bench.sh}): the benchmark's peers ({@link dev.rmbee.bench.peer.BenchPeer}), the
 * local programs on both sides ({@link dev.rmbee.bench.peer.LocalPrograms}: clients and echo
 * services over Redis), the measured phases, the CPU of every process by thread group, the crypto
 * floor of a round trip ({@link dev.rmbee.bench.peer.PeerCryptoFloor}) and the report.
 */
package dev.rmbee.bench.peer;
