package dev.rmbee.testing;

import java.io.IOException;

/**
 * A shared server a test stopped ({@link BuildRedis#down()}, {@link EmbeddedRelayServer#down()}):
 * {@link #start()} or {@link #close()} starts it again, once, so that a try-with-resources block
 * always leaves it running for the next test.
 */
public final class StoppedServer implements AutoCloseable {

    /** Starts the server and waits until it answers. */
    @FunctionalInterface
    interface Starter {
        void start() throws IOException;
    }

    /** Stops the server and waits until it is gone. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws IOException;
    }

    private final Starter starter;
    private boolean up;

    private StoppedServer(Starter starter) {
        this.starter = starter;
    }

    /** Stops the server; if stopping fails, starts it again before rethrowing. */
    static StoppedServer stop(Stopper stopper, Starter starter) throws IOException {
        StoppedServer stopped = new StoppedServer(starter);
        try {
            stopper.stop();
        } catch (IOException | RuntimeException | AssertionError e) {
            stopped.close();
            throw e;
        }
        return stopped;
    }

    /** Starts the server again (once) and waits until it answers. */
    public void start() throws IOException {
        if (!up) {
            up = true;
            starter.start();
        }
    }

    @Override
    public void close() throws IOException {
        start();
    }
}
