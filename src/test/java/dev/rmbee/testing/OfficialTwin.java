package dev.rmbee.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A twin played by the official TypeScript client ({@code @threefold/rmb_direct_client}): a child
 * {@code node twin.cjs ...} process (the script and its pinned package are in
 * {@code src/test/interop}; the build installs them with {@code npm ci} into {@link #dir()}).
 *
 * <p>A session of {@code null} runs the twin without a session (no {@code sid} claim, no
 * {@code source.connection}: the sid-less session that requests are addressed to); any string, even
 * {@code ""}, is that session.
 */
public final class OfficialTwin implements AutoCloseable {

    /** Set by failsafe from the pom; the fallback suits a run from the checkout root. */
    public static final String DIR_PROPERTY = "rmb.interop.dir";
    /** How long any one step of a twin (connect, call, ping) may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String label;
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stdoutLines = new CopyOnWriteArrayList<>();
    private final List<String> stderrLines = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private OfficialTwin(String label, List<String> arguments) {
        this.label = label;
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(dir().resolve("twin.cjs").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir().toFile());
        // the script bounds its own waits below ours, and a serving twin leaves when we do
        builder.environment().put("RMB_TWIN_TIMEOUT_SECONDS", Long.toString(TIMEOUT.toSeconds() - 5));
        builder.environment().put("RMB_TWIN_EXIT_WITH_STDIN", "1");
        // wss:// relays of the tests present the build's self-signed test certificate (TestTls)
        if (Files.isRegularFile(TestTls.certificate())) {
            builder.environment()
                    .put("NODE_EXTRA_CA_CERTS", TestTls.certificate().toString());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        stdoutReader = reader(label + "-stdout", process.getInputStream(), line -> {
            stdoutLines.add(line);
            stdout.add(line);
        });
        stderrReader = reader(label + "-stderr", process.getErrorStream(), stderrLines::add);
    }

    /** The directory holding {@code twin.cjs} and its {@code node_modules}. */
    public static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir = configured == null || configured.isBlank() ? Path.of("target", "interop") : Path.of(configured);
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Makes sure {@code node} is on the PATH and the official client is installed in {@link #dir()},
     * running {@code npm ci} there the first time. Without Node.js the interop tests are skipped
     * with a message on a developer's machine, and fail on CI ({@code CI=true}), where they must run.
     */
    public static synchronized void ensureInstalled() {
        if (!Files.isRegularFile(dir().resolve("twin.cjs"))) {
            throw new AssertionError("twin.cjs is not in " + dir() + ": the build's pre-integration-test phase copies "
                    + "src/test/interop there");
        }
        NodePackages.ensureInstalled(
                dir(),
                "node_modules/@threefold/rmb_direct_client/package.json",
                "the interoperability tests run the official TypeScript client as child processes");
    }

    /** Starts {@code name} serving requests; returns once it printed {@code ready}. */
    public static OfficialTwin serve(String name, URI relay, String session) {
        return serve(name, relay, session, twinsFile());
    }

    /**
     * Starts {@code name} of {@code twinsFile} (the vectors' twins.json format: the twin's {@code name},
     * {@code secret}, {@code keyType}, {@code ss58}; every twin's {@code id}, {@code relays}, {@code pk})
     * serving requests; returns once it printed {@code ready}.
     */
    public static OfficialTwin serve(String name, URI relay, String session, Path twinsFile) {
        List<String> arguments = new ArrayList<>(List.of("serve", name, relay.toString(), twinsFile.toString()));
        if (session != null) {
            arguments.add(session);
        }
        OfficialTwin twin = new OfficialTwin(name + " (serve)", arguments);
        try {
            twin.awaitLine("ready");
        } catch (RuntimeException | AssertionError e) {
            twin.close();
            throw e;
        }
        return twin;
    }

    /** Starts {@code name} sending one request with Client.send and waiting with Client.read. */
    public static OfficialTwin call(
            String name, URI relay, String session, int destination, String command, String payload) {
        return call(name, relay, session, destination, command, payload, twinsFile());
    }

    /** Starts {@code name} of {@code twinsFile} sending one request with Client.send and waiting with Client.read. */
    public static OfficialTwin call(
            String name, URI relay, String session, int destination, String command, String payload, Path twinsFile) {
        List<String> arguments = new ArrayList<>(List.of(
                "call", name, relay.toString(), twinsFile.toString(), Integer.toString(destination), command, payload));
        if (session != null) {
            arguments.add(session);
        }
        return new OfficialTwin(name + " (call)", arguments);
    }

    /** Starts {@code name} pinging the relay with Client.ping. */
    public static OfficialTwin ping(String name, URI relay, String session) {
        List<String> arguments = new ArrayList<>(
                List.of("ping", name, relay.toString(), twinsFile().toString()));
        if (session != null) {
            arguments.add(session);
        }
        return new OfficialTwin(name + " (ping)", arguments);
    }

    private static Path twinsFile() {
        return Vectors.dir().resolve("twins.json");
    }

    /** Waits (at most {@link #TIMEOUT}) for the one-shot twin to exit 0; returns its only stdout line. */
    public String result() {
        int exit = awaitExit();
        if (exit != 0) {
            throw new AssertionError(label + " exited with " + exit + describe());
        }
        if (stdoutLines.size() != 1) {
            throw new AssertionError(
                    label + " printed " + stdoutLines.size() + " lines instead of one result" + describe());
        }
        return stdoutLines.get(0);
    }

    /** Waits (at most {@link #TIMEOUT}) for the one-shot twin to exit; returns its exit code. */
    public int awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(label + " did not finish within " + TIMEOUT + describe());
            }
            // the readers end at end of stream, right after the exit
            stdoutReader.join(TIMEOUT.toMillis());
            stderrReader.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
        return process.exitValue();
    }

    private void awaitLine(String expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = stdout.poll(200, TimeUnit.MILLISECONDS);
                if (expected.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive() && stdout.isEmpty()) {
                    stdoutReader.join(TIMEOUT.toMillis());
                    stderrReader.join(TIMEOUT.toMillis());
                    throw new AssertionError(label + " exited with " + process.exitValue() + " before printing "
                            + expected + describe());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
        throw new AssertionError(label + " did not print " + expected + " within " + TIMEOUT + describe());
    }

    /** What the twin wrote to stderr so far: its log, one line per served request. */
    public List<String> log() {
        return List.copyOf(stderrLines);
    }

    /** The twin's output, for assertion messages. */
    public String describe() {
        return "\n  stdout: " + stdoutLines + "\n  stderr:\n    " + String.join("\n    ", stderrLines);
    }

    /** Ends the process: SIGTERM (the official client closes its socket and exits), then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        ChildProcesses.end(process);
    }

    private static Thread reader(String name, InputStream stream, Consumer<String> sink) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            sink.accept(line);
                        }
                    } catch (IOException e) {
                        // the process is gone; what was read stays
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
