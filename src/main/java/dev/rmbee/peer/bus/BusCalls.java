package dev.rmbee.peer.bus;

import dev.rmbee.redis.resp.RespScript;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The local bus's commands that never block in Redis (its {@link LocalScripts} and {@code GET}),
 * through one Redis client: {@link RedissonCalls} or {@link RespCalls}. Values are raw bytes. The
 * stages complete on the client's own threads.
 */
interface BusCalls {

    /** A script, called by its SHA-1 digest ({@code EVALSHA}, computed once), sent whole when Redis does not know it. */
    record Script(String text, RespScript resp) {
        static Script of(String text) {
            return new Script(text, new RespScript(text));
        }

        String sha() {
            return resp.sha();
        }
    }

    /** Runs a script whose reply is an integer. */
    CompletionStage<Long> evalLong(Script script, List<String> keys, byte[]... args);

    /** Runs a script whose reply is a list of values. */
    CompletionStage<List<byte[]>> evalList(Script script, List<String> keys, byte[]... args);

    /** {@code GET key}: the value, or null when there is none. */
    CompletionStage<byte[]> get(String key);

    /**
     * True when short continuations may run where the client completes its stages: on the RESP
     * connection's reader thread, whose other work is completing replies (the relay's too). False
     * for Redisson, whose replies keep their hand-over to the gateway's executor.
     */
    boolean completesInPlace();
}
