/**
 * Twins on tfchain, as RMB reads them (registry.md §2, chain.md §3–4): {@code ChainTwin} and its SCALE
 * ({@code TwinCodec}), the storage keys ({@code StorageKeys}), the shapes RMB relies on resolved by name
 * from a runtime's metadata and checked ({@code TfgridShapes}, refusing a runtime that differs with an
 * {@code UnsupportedChainException}), and a block's events ({@code SystemEvents}: every event walked
 * with the metadata, twin and extrinsic-outcome events typed). Pure: no I/O.
 */
package dev.rmbee.chain.tfgrid;
