/**
 * Signed tfchain transactions (chain.md §4): the {@code update_twin} call ({@code UpdateTwin} at a
 * {@code CallIndex} resolved elsewhere from the metadata), the relay value a peer publishes ({@code RelayValue})
 * and the runtime's rules for it ({@code RelayRules}), transaction eras ({@code Era}), what is signed
 * ({@code SigningPayload} for a {@code ChainContext}) and the version 4 signed extrinsic with its hash
 * ({@code SignedExtrinsic}), signed by a {@link dev.rmbee.identity.Signer}.
 */
package dev.rmbee.chain.extrinsic;
