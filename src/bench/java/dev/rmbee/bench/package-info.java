/**
 * JMH micro-benchmarks of the crypto on RMB's hot paths: sr25519/ed25519 signatures over the 16-byte
 * envelope digest, whole-envelope signing and verification, relay JWT verification and e2e
 * encryption. Not tests: they are compiled only with the {@code bench} profile (src/bench/java) and
 * run with {@code mvn -Pbench test-compile exec:exec}, see docs/benchmarks.md.
 *
 * <p>The load generators run by {@code bench/*.sh} against real servers are in the subpackages:
 * {@link dev.rmbee.bench.relay} (relay and federation), {@link dev.rmbee.bench.peer} (peer gateway),
 * with what they share in {@link dev.rmbee.bench.load}.
 */
package dev.rmbee.bench;
