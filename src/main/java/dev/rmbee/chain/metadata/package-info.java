/**
 * Substrate runtime metadata V14 ({@code state_getMetadata}, chain.md §4): {@code Metadata.parse} reads
 * the portable type registry, the pallets (storage, calls, events, errors, constants) and the extrinsic
 * format, refusing any other version; lookups by name and by index; {@code ValueWalker} steps over a
 * value of any registry type. Knows nothing of tfchain: the shapes RMB relies on are checked in
 * {@code dev.rmbee.chain.tfgrid}.
 */
package dev.rmbee.chain.metadata;
