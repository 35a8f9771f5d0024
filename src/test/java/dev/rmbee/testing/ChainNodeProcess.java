package dev.rmbee.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The {@code node chain-node.cjs} child process: started in {@link ChainNodeInstall#dir()}, ready
 * once it printed its {@code {"ready":true,…}} line, killed with the JVM (a shutdown hook, and the
 * node exits when its stdin closes).
 */
final class ChainNodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;

    ChainNodeProcess(List<String> command) {
        try {
            process = new ProcessBuilder(command)
                    .directory(ChainNodeInstall.dir().toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        shutdownHook = new Thread(process::destroyForcibly, "chain-node-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CompletableFuture<String> ready = new CompletableFuture<>();
        daemon(
                "chain-node-stdout",
                () -> readLines(process.getInputStream(), line -> {
                    log.add(line);
                    if (line.startsWith("{\"ready\":true")) {
                        ready.complete(line);
                    }
                }));
        daemon("chain-node-stderr", () -> readLines(process.getErrorStream(), log::add));
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("the node exited")));
        awaitReady(ready);
    }

    /** What the node wrote (its ready line, and its log on stderr). */
    List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        ChildProcesses.end(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private void awaitReady(CompletableFuture<String> ready) {
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new AssertionError(
                    "the chain node did not start: " + e.getMessage() + "\n  " + String.join("\n  ", log), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted while starting the chain node", e);
        }
    }

    private static void readLines(InputStream stream, Consumer<String> sink) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone; what was read stays
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
