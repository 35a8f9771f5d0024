/**
 * Twins from tfchain for the relay and the peer: {@code ChainTwins} connects to the nodes, reads the
 * runtime ({@code ChainRuntime}: version, genesis, metadata, the shapes resolved by name), looks
 * twins up ({@code ChainTwinSource}) behind the registry's {@code TwinCache}, and follows new blocks
 * ({@code ChainFollower}), applying each block's twin events to the cache ({@code TwinEvents}).
 */
package dev.rmbee.chain.twins;
