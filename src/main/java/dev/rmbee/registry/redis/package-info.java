/**
 * The administrator's twins shared through Redis: one hash that every instance writes its admin
 * API's changes to (each with a revision Redis gives out), a channel that tells every instance of
 * each change, and each instance's in-memory view of them, read in full at start and after every
 * reconnect. Lookups never touch Redis.
 */
package dev.rmbee.registry.redis;
