/**
 * JMH micro-benchmarks of the crypto on RMB's hot paths: sr25519/ed25519 signatures over the 16-byte
 * envelope digest, whole-envelope signing and verification, relay JWT verification and e2e
 * encryption. Not tests: surefire never runs them (no Test/IT names, generated classes excluded);
 * run them with {@code mvn -Pbench test-compile exec:exec}, see docs/benchmarks.md.
 *
 * <p>Also {@link dev.rmbee.bench.RelayLoad}, the relay load generator (a plain program, run by
 * {@code bench/relay-bench.sh} against a real server).
 */
package dev.rmbee.bench;
