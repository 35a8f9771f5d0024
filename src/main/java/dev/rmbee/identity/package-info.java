/**
 * A twin's keys and signatures, as Substrate and the official clients make them: the two signing
 * key types ({@link dev.rmbee.identity.KeyType}), signing with either ({@link
 * dev.rmbee.identity.Signer}), and checking a 65-byte signature whose first byte names its type
 * against a twin's account ({@link dev.rmbee.identity.SignatureVerifier}). Secrets, the sr25519
 * scheme and the end-to-end key live in the subpackages.
 */
package dev.rmbee.identity;
