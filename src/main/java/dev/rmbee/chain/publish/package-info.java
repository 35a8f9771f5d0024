/**
 * A peer publishing itself on tfchain as rmb-peer does: {@code TwinPublisher} compares the twin's
 * relays (as a set of host names) and e2e key with the chain's and, only when they differ, signs one
 * {@code update_twin}; {@code ExtrinsicWatch} submits it and follows it until finalized, then reads
 * its outcome from the block's events ({@code PublishOutcome}).
 */
package dev.rmbee.chain.publish;
