package dev.rmbee.chain.metadata;

/** A signed extension: its name, the type of what it adds to the extrinsic and of what it adds to the signed payload. */
public record SignedExtension(String identifier, int extraType, int additionalType) {}
