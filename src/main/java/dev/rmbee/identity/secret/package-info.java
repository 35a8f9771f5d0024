/**
 * Substrate secrets turned into keys: BIP-39 mnemonics with substrate-bip39 seeds, {@code 0x} seeds,
 * and secret URIs with hard junctions and a password ({@code //Alice}, {@code phrase//1///pw}), for
 * sr25519 and ed25519 alike ({@link dev.rmbee.identity.secret.SubstrateKeys}).
 */
package dev.rmbee.identity.secret;
