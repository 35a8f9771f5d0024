/**
 * Account addresses: {@code Ss58} turns a 32-byte account (a twin's public key) into the SS58 text form the
 * node's RPCs take (prefix 42 for tfchain) and back, checking the checksum; base58 itself is internal.
 */
package dev.rmbee.chain.account;
