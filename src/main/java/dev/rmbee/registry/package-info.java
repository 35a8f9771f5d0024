/**
 * The twin registry: what a twin is (account key, relay domains, e2e key) and where twins are
 * looked up. Implementations: a local registry an administrator manages, preloaded from files
 * ({@code RegistryFiles}, also reloaded on request), each twin remembered with its source.
 */
package dev.rmbee.registry;
