package dev.rmbee.peer.bus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Calls of the {@link LocalScripts} by their SHA-1 digest ({@code EVALSHA}), computed once per
 * script, and, when Redis does not know the script (a fresh or restarted server, {@code SCRIPT
 * FLUSH}), the script itself ({@code EVAL}, which also makes Redis keep it). Redisson's own script
 * call would look the digest up in its cache on every call, a share of the peer's Redis cost that
 * this spares.
 */
final class ScriptCalls {

    /** A script and its digest. */
    record Script(String text, String sha) {
        static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
            }
        }
    }

    private final RedissonClient redisson;

    ScriptCalls(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** Runs {@code script} (read-write, raw bytes); a call that throws gives a failed stage. */
    <T> CompletionStage<T> call(Script script, RScript.ReturnType type, List<Object> keys, Object... args) {
        return attempt(() -> redisson.getScript(ByteArrayCodec.INSTANCE)
                        .<T>evalShaAsync(RScript.Mode.READ_WRITE, script.sha(), type, keys, args))
                .exceptionallyCompose(error -> unknownScript(error)
                        ? attempt(() -> redisson.getScript(ByteArrayCodec.INSTANCE)
                                .<T>evalAsync(RScript.Mode.READ_WRITE, script.text(), type, keys, args))
                        : CompletableFuture.failedStage(error));
    }

    private static boolean unknownScript(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static <T> CompletionStage<T> attempt(java.util.function.Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
