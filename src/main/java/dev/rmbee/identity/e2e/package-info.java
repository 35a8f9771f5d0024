/**
 * The end-to-end key of a twin: secp256k1 derived from its secret, the 33-byte public key the
 * registry publishes, and AES-256-GCM under SHA-256 of the ECDH x coordinate with the peer's public
 * key, remembered per peer ({@link dev.rmbee.identity.e2e.E2eKey}).
 */
package dev.rmbee.identity.e2e;
