package dev.rmbee.testing;

import dev.rmbee.async.AsyncResults;
import java.util.concurrent.CompletableFuture;

/** Assertions on futures that tests complete themselves (no waiting). */
public final class Futures {

    private Futures() {}

    /** The failure of a future that has failed, unwrapped; an assertion error when it has not. */
    public static Throwable failure(CompletableFuture<?> future) {
        if (!future.isDone()) {
            throw new AssertionError("not completed");
        }
        Throwable error = future.handle((value, e) -> e).join();
        if (error == null) {
            throw new AssertionError("completed normally with " + future.join());
        }
        return AsyncResults.unwrap(error);
    }
}
