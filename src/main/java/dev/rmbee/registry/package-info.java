/**
 * The twin registry: what a twin is (account key, relay domains, e2e key) and where twins are
 * looked up. Implementations: a local registry an administrator manages, preloaded from a file.
 */
package dev.rmbee.registry;
