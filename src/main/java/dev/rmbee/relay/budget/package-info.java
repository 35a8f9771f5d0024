/**
 * The memory budget of what the relay queues in its own heap (embedded mode: the session queues and
 * the federation queue): how many bytes may wait in all, for one destination twin, from one sender
 * twin, and from one sender for one destination; and the refusal a sender sees when its envelope
 * does not fit.
 */
package dev.rmbee.relay.budget;
