/**
 * schnorrkel's sr25519 as Substrate (and so the reference) uses it, written for this project on
 * curve25519's Ristretto group: Keccak-f[1600], STROBE-128 and Merlin transcripts, Ed25519-mode key
 * expansion, hard derivation ({@code //junction}), and signing and verifying with the
 * {@code substrate} signing context ({@link dev.rmbee.identity.sr25519.Sr25519}), all on
 * ristretto255 arithmetic of its own over BouncyCastle's field, checked against elisabeth's by the
 * tests. Signing and key expansion are constant time (a fixed-base multiplication with masked table
 * reads, the encoding, scalars mod L on fixed limbs); verification, all of whose inputs are public,
 * is variable time (decode, encode, and one double-scalar multiplication). Recently seen public keys
 * stay decoded, with tables of multiples of their point, in a bounded lock-free cache ({@link
 * dev.rmbee.identity.sr25519.KeyCache}). ed25519 verification uses the same arithmetic on
 * edwards25519 encodings for keys seen before ({@link dev.rmbee.identity.sr25519.Ed25519Verifier}),
 * with BouncyCastle's acceptance rules exactly.
 */
package dev.rmbee.identity.sr25519;
