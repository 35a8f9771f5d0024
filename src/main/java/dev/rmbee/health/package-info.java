/**
 * The server's health for probes, as MicroProfile Health checks ({@code /health/live},
 * {@code /health/ready}, {@code /health/started}): one small check per part, each reading the state
 * that part's producer built — the twin registry and tfchain, the Redis client, the federation
 * workers, the peer gateway's relay links — and naming in its data what is down. Liveness does no
 * I/O; readiness pings Redis at most once a second ({@code SharedPing}), with a short timeout.
 */
package dev.rmbee.health;
