package dev.rmbee.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The steps of one bean's shutdown, run in order, each even when an earlier one failed, and the
 * whole only once (a bean may be stopped by the application's {@code BeforeDestroyed} event and
 * again by its {@code @PreDestroy}).
 *
 * <p>A step may fail with a {@link LinkageError}: when the WAR is removed before the application
 * stops (an undeploy from {@code dropins}), a class the application has not loaded yet can no
 * longer be read. Without this, the first such failure skipped the steps after it, and a Redis
 * client whose users never gave it back kept running the stopped deployment's Redis commands.
 * Make each instance when the bean starts, so that this class is loaded while the WAR is there.
 */
final class ShutdownSteps {

    private final Logger log;
    private final String owner;
    private final AtomicBoolean begun = new AtomicBoolean();

    ShutdownSteps(Logger log, String owner) {
        this.log = log;
        this.owner = owner;
    }

    /** True the first time only: the caller then runs its steps. */
    boolean begin() {
        return begun.compareAndSet(false, true);
    }

    /** Runs one step; a failure is logged in one line and does not stop the next steps. */
    void run(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            log.warning(owner + " shutdown: " + what + " failed: " + e);
            log.log(Level.FINE, owner + " shutdown: " + what, e);
        }
    }
}
