/** Substrate's hash functions: {@code Hashes} (twox, BLAKE2b, Blake2_128Concat) and {@code XxHash64}. */
package dev.rmbee.chain.hash;
