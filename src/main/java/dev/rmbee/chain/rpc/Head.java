package dev.rmbee.chain.rpc;

/** A new best block: its number, its hash and its parent's hash (32 bytes each). */
public record Head(long number, byte[] hash, byte[] parentHash) {}
