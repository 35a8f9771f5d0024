package dev.rmbee.redis.resp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The commands sent to a {@link RespNode} while it has no connection, in order, each group (the
 * commands of one call, written one right after the other) with the moment it was held: they are
 * written when a connection is up, failed when the attempt fails, and taken out when overdue (by
 * the node's periodic check, as a command in flight is). Not thread-safe: the node's lock guards it.
 */
final class HeldCommands {

    private record Held(byte[][][] commands, List<CompletableFuture<Object>> replies, long heldNanos) {}

    private final LongSupplier nanoClock;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /** @param nanoClock the clock of the commands' ages ({@code System::nanoTime}; a fake in tests) */
    HeldCommands(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The commands of one call wait: their futures, in order. */
    List<CompletableFuture<Object>> add(byte[][][] commands) {
        List<CompletableFuture<Object>> replies = futures(commands.length);
        held.add(new Held(commands, replies, nanoClock.getAsLong()));
        return replies;
    }

    /** How many calls wait. */
    int size() {
        return held.size();
    }

    /** Writes every call waiting on {@code connection}, in order; each future follows its command's reply. */
    void sendOn(RespConnection connection) {
        for (Held waiting; (waiting = held.poll()) != null; ) {
            List<CompletableFuture<Object>> sent = connection.sendAll(waiting.commands());
            for (int i = 0; i < sent.size(); i++) {
                CompletableFuture<Object> reply = waiting.replies().get(i);
                sent.get(i).whenComplete((value, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    } else {
                        reply.complete(value);
                    }
                });
            }
        }
    }

    /** Takes every waiting call out: their futures, for the caller to fail (outside the lock). */
    List<CompletableFuture<Object>> takeAll() {
        List<CompletableFuture<Object>> taken = new ArrayList<>();
        for (Held waiting; (waiting = held.poll()) != null; ) {
            taken.addAll(waiting.replies());
        }
        return taken;
    }

    /** Takes out the calls held for {@code timeoutNanos} or longer (they are never written): their futures. */
    List<CompletableFuture<Object>> takeOverdue(long timeoutNanos) {
        long now = nanoClock.getAsLong();
        List<CompletableFuture<Object>> taken = new ArrayList<>();
        while (!held.isEmpty() && now - held.peek().heldNanos() >= timeoutNanos) {
            taken.addAll(held.poll().replies());
        }
        return taken;
    }

    /** {@code count} futures failed with {@code failure}, for commands refused without being held. */
    static List<CompletableFuture<Object>> failed(int count, Throwable failure) {
        List<CompletableFuture<Object>> replies = futures(count);
        replies.forEach(reply -> reply.completeExceptionally(failure));
        return replies;
    }

    private static List<CompletableFuture<Object>> futures(int count) {
        List<CompletableFuture<Object>> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(new CompletableFuture<>());
        }
        return replies;
    }
}
