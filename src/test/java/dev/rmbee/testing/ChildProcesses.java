package dev.rmbee.testing;

import java.util.concurrent.TimeUnit;

/** The child processes tests start (node programs): ended politely, then for sure. */
final class ChildProcesses {

    private ChildProcesses() {}

    /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
    static void end(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
