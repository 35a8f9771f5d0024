/**
 * The tfchain registry benchmark ({@link dev.rmbee.bench.chain.ChainBench}, run by
 * {@code bench/chain-bench.sh}): the test chain node with the benchmark's twins, rounds of first
 * and repeated contacts (upgrades over plain sockets, {@link dev.rmbee.bench.chain.Upgrade}), a
 * flood of upgrades naming twins the chain does not have while a real twin's upgrades are timed,
 * the chain's storage reads and the CPU of relay, node and client, and the report.
 */
package dev.rmbee.bench.chain;
