package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A flood on a small heap ({@value #HEAP}), in a JVM of its own ({@link QueueFloodChild}): with the
 * memory budget at its default the relay core refuses what does not fit and two other twins keep
 * exchanging every message; without it, the same flood ends in an {@code OutOfMemoryError} (which
 * shows that the flood is big enough to matter).
 */
class QueueFloodIT {

    private static final String HEAP = "-Xmx256m";
    /** 300 envelopes of 4 MiB: 1.2 GB offered to a 256 MiB heap. */
    private static final int FLOOD = 300;

    private record Outcome(int exit, String output) {}

    @Test
    void aFloodOnASmallHeapIsRefusedWhileOtherTwinsKeepExchangingMessages() throws Exception {
        Outcome outcome = runChild("budget");

        assertFalse(outcome.output().contains("OutOfMemoryError"), outcome.output());
        assertEquals(0, outcome.exit(), outcome.output());
        assertTrue(outcome.output().contains(QueueFloodChild.DELIVERED), outcome.output());
    }

    @Test
    void withoutTheBudgetTheSameFloodRunsOutOfMemory() throws Exception {
        Outcome outcome = runChild("unlimited");

        assertNotEquals(0, outcome.exit(), outcome.output());
        assertTrue(outcome.output().contains("OutOfMemoryError"), outcome.output());
    }

    private static Outcome runChild(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        java.toString(),
                        HEAP,
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        QueueFloodChild.class.getName(),
                        mode,
                        Integer.toString(FLOOD)))
                .redirectErrorStream(true);
        Process process = builder.start();
        try {
            // read to the end (the child exits), then take its status
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                return new Outcome(-1, output + "\n(the child did not exit)");
            }
            return new Outcome(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
