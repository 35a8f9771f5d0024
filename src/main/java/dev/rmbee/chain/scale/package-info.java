/**
 * SCALE, the Substrate codec (chain.md §4): {@code ScaleReader} reads little-endian integers, compact
 * integers, byte vectors and options from a byte array; {@code ScaleWriter} writes them. Shapes made of
 * these (twins, events, calls) live with the code that knows them.
 */
package dev.rmbee.chain.scale;
