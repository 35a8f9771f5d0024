/**
 * The relay benchmark's echo (docs/benchmarks.md, "Relay throughput"): a bare WebSocket echo, the
 * ceiling the relay's throughput is compared with on the same server. It is its own archive,
 * {@code target/bench-echo/bench.war}, built only by the {@code bench} profile from
 * {@code src/bench/echo/java} and deployed by the {@code relay-bench} server configuration beside
 * the relay at context root {@code /bench}: the echo answers at {@code /bench/echo}, needs no token
 * and never reaches the relay's classes or its login filter. Nothing of it is in {@code rmb-ee.war}.
 */
package dev.rmbee.bench.echo;
