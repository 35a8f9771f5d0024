/**
 * Helpers for asynchronous results shared by every package that waits on another component
 * ({@link dev.rmbee.async.AsyncResults}): completing a client library's stage on our own
 * executor, unwrapping completion wrappers, describing a failure in one line. No package's
 * rules live here; it depends on nothing but the JDK.
 */
package dev.rmbee.async;
