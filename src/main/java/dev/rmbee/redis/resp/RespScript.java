package dev.rmbee.redis.resp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script called by its SHA-1 ({@code EVALSHA}); a Redis that does not know it yet (a new or
 * restarted server, a node after a failover) answers {@code NOSCRIPT}, and the call is sent again
 * as {@code EVAL} with the text, which also loads it.
 */
public final class RespScript {

    private final byte[] text;
    private final byte[] sha;

    public RespScript(String text) {
        this.text = text.getBytes(StandardCharsets.UTF_8);
        this.sha = HexFormat.of().formatHex(sha1(this.text)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The script's SHA-1 in hex, as {@code SCRIPT LOAD} answers it. */
    public String sha() {
        return new String(sha, StandardCharsets.US_ASCII);
    }

    /**
     * Runs the script with {@code keys} (at least one; on a cluster all in one hash slot) and
     * {@code args}; the reply as {@link RespCommands} gives it.
     */
    public CompletableFuture<Object> eval(RespCommands redis, List<String> keys, byte[]... args) {
        return redis.send(keys.get(0), command(sha, "EVALSHA", keys, args)).exceptionallyCompose(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RespError reply && reply.kind().equals("NOSCRIPT")) {
                return redis.send(keys.get(0), command(text, "EVAL", keys, args));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static byte[][] command(byte[] script, String name, List<String> keys, byte[][] args) {
        byte[][] command = new byte[3 + keys.size() + args.length][];
        command[0] = name.getBytes(StandardCharsets.US_ASCII);
        command[1] = script;
        command[2] = Integer.toString(keys.size()).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < keys.size(); i++) {
            command[3 + i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
        }
        System.arraycopy(args, 0, command, 3 + keys.size(), args.length);
        return command;
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
