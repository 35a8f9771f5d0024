package dev.rmbee.registry;

import dev.rmbee.async.AsyncResults;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The registry could not answer a lookup (unreachable backend, unreadable data). */
public class RegistryException extends Exception {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    public RegistryException(String message) {
        super(message);
    }

    /**
     * Waits for a lookup's answer (a blocking {@link TwinRegistry#find} over a non-blocking one): a
     * failure comes out as the {@code RegistryException} it was, or as one that names {@code what}.
     */
    public static <T> T await(Future<T> answer, String what) throws RegistryException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while looking up " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = AsyncResults.unwrap(e);
            if (cause instanceof RegistryException failed) {
                throw failed;
            }
            throw new RegistryException("looking up " + what + " failed: " + AsyncResults.describe(cause), cause);
        }
    }
}
