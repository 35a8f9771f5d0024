package dev.rmbee.registry;

/** Where the server has a twin from, as operators see it. */
public enum TwinSource {
    /** {@code rmb.registry.file}, at start or at the last reload. */
    FILE,
    /** Put through the admin API since. */
    ADMIN,
    /** tfchain (not in the local registry). */
    CHAIN
}
