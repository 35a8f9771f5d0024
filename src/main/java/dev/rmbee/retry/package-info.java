/**
 * When to try again: {@link dev.rmbee.retry.Backoff}, the one jittered exponential backoff that
 * spaces the federation's retries of an undelivered envelope and the peer links' reconnects.
 * Plain Java; it decides delays and schedules nothing.
 */
package dev.rmbee.retry;
