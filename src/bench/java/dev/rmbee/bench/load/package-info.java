/**
 * What the load generators ({@link dev.rmbee.bench.relay.RelayLoad}, {@link dev.rmbee.bench.peer.PeerLoad})
 * share: their command-line {@link Options}, latency {@link Samples} and percentiles, the even
 * spreading of paced sends ({@link Pacing}), CPU and load from /proc ({@link ProcStat}), a JVM's GC
 * pauses and heap through the JDK's tools ({@link GcPauses}, {@link Jcmd}), and the result files
 * ({@link ResultFiles}) the reports are printed from.
 */
package dev.rmbee.bench.load;
