package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeldCommandsTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);
    private static final byte[][] PING = RespEncoder.utf8("PING");

    private final AtomicLong now = new AtomicLong(-5);
    private final HeldCommands held = new HeldCommands(now::get);

    @Test
    void onlyTheCallsHeldForTheTimeoutAreTakenOutOldestFirstWithAllTheirCommands() {
        List<CompletableFuture<Object>> askingAndCommand = held.add(new byte[][][] {PING, PING});
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        List<CompletableFuture<Object>> younger = held.add(new byte[][][] {PING});

        now.addAndGet(TimeUnit.SECONDS.toNanos(2) - 1);
        assertEquals(List.of(), held.takeOverdue(TIMEOUT));
        now.incrementAndGet();

        assertEquals(askingAndCommand, held.takeOverdue(TIMEOUT));
        assertEquals(1, held.size(), "the younger call still waits");
        assertEquals(younger, held.takeAll());
        assertEquals(0, held.size());
    }

    @Test
    void commandsRefusedWithoutBeingHeldFailWithTheReason() {
        IllegalStateException why = new IllegalStateException("not connected");

        List<CompletableFuture<Object>> refused = HeldCommands.failed(2, why);

        assertEquals(2, refused.size());
        for (CompletableFuture<Object> reply : refused) {
            assertSame(why, assertThrows(CompletionException.class, reply::join).getCause());
        }
        assertEquals(0, held.size());
    }
}
