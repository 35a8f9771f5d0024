package dev.rmbee.federation;

/**
 * Where one relay stands with the {@link RelayRanker}, for operators.
 *
 * @param relay the relay's domain
 * @param failures its failed sends within the ranker's window
 * @param failureRate those failures per hour of window (what it is ranked by)
 * @param rank 1 for the relays tried first; relays with equal rates share a rank (then come in random order)
 */
public record RelayRank(String relay, int failures, double failureRate, int rank) {}
