package dev.rmbee.async;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small helpers for asynchronous results: the queues, federation, the peer and its links share them. */
public final class AsyncResults {

    private AsyncResults() {}

    /**
     * {@code stage}'s result as a stage completed on {@code executor} (never on a client library's
     * I/O thread), its failure mapped by {@code failure}. A rejected executor completes in place.
     */
    public static <T> CompletionStage<T> completeOn(
            Executor executor, CompletionStage<T> stage, Function<Throwable, Throwable> failure) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            Runnable completion = error == null
                    ? () -> result.complete(value)
                    : () -> result.completeExceptionally(failure.apply(error));
            try {
                executor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        });
        return result;
    }

    /**
     * Calls a client's asynchronous method: an exception it throws instead of returning a failed
     * stage becomes a failed stage.
     */
    public static <T> CompletionStage<T> call(Supplier<? extends CompletionStage<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The failure inside completion and execution wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A failure's message, or its class name when it has none. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
