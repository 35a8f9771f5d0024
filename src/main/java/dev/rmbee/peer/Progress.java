package dev.rmbee.peer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How far the handling of one message got: {@code handedOver} once its effects are in order (pushed
 * to Redis, or given to the relay transport), after which the next message of the same sender may
 * go; {@code finished} once nothing of it is pending any more (sends written, failures reported).
 */
record Progress(CompletionStage<?> handedOver, CompletionStage<?> finished) {

    static final Progress DONE =
            new Progress(CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null));

    /** Handed over and finished at once, when {@code stage} completes. */
    static Progress of(CompletionStage<?> stage) {
        return new Progress(stage, stage);
    }
}
