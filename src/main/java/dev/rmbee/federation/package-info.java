/**
 * Outbound federation (relay.md §7–8): envelopes for twins that other relays serve wait in a
 * durable {@link dev.rmbee.federation.FederationQueue} and are POSTed to those relays by the
 * workers of the {@link dev.rmbee.federation.FederationGateway}, in the order of the
 * {@link dev.rmbee.federation.RelayRanker}, through a {@link dev.rmbee.federation.RemoteRelayClient}.
 * Inbound, {@link dev.rmbee.federation.InboundFederation} takes what other relays POST, within
 * {@link dev.rmbee.federation.IngressLimits}: a bounded rate per remote address, expired envelopes
 * refused, replays remembered by a {@link dev.rmbee.federation.ReplayGuard}. Plain Java: the caller provides the executors (managed ones in the container); nothing here
 * starts threads of its own.
 */
package dev.rmbee.federation;
