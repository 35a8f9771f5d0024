package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;

class BlockingReadsTest {

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A connection that records the commands and answers each with {@code reply}. */
    private static final class Recording implements RespCommands {
        final List<String> commands = new ArrayList<>();
        final Object reply;

        Recording(Object reply) {
            this.reply = reply;
        }

        @Override
        public CompletableFuture<Object> send(String key, byte[]... command) {
            commands.add(key + ": "
                    + String.join(" ", Arrays.stream(command).map(String::new).toList()));
            return CompletableFuture.completedFuture(reply);
        }

        @Override
        public RespSubscriber subscribe(
                List<String> channels,
                BiConsumer<String, byte[]> listener,
                Runnable onSubscribed,
                Consumer<Throwable> onLost) {
            throw new UnsupportedOperationException("the federation's reads subscribe to nothing");
        }

        @Override
        public void close() {}
    }

    @Test
    void eachWorkerReadsOnItsOwnConnectionWithTheReferencesCommand() {
        Recording zero = new Recording(null);
        Recording one = new Recording(null);
        BlockingReads reads = new BlockingReads(List.of(zero, one));

        reads.read(1, "relay-1", 16, Duration.ofMillis(1500));
        reads.read(0, "relay-0", 4, Duration.ZERO);

        assertEquals(
                List.of("relay.federation.stream: XREADGROUP GROUP federation relay-1 COUNT 16 BLOCK 1500"
                        + " STREAMS relay.federation.stream >"),
                one.commands);
        assertEquals(
                List.of("relay.federation.stream: XREADGROUP GROUP federation relay-0 COUNT 4"
                        + " STREAMS relay.federation.stream >"),
                zero.commands,
                "no BLOCK: no wait");
        assertTrue(reads.serves(1));
        assertFalse(reads.serves(2), "a worker without a connection reads through Redisson");
    }

    @Test
    void aReplyBecomesTheEntriesInTheirOrderAndNoneWhenTheWaitEnded() {
        Object reply = List.of(List.of(
                b("relay.federation.stream"),
                List.of(
                        List.of(b("1700000000000-0"), List.of(b("msg"), b("first"))),
                        List.of(b("1700000000000-1"), List.of(b("other"), b("x"), b("msg"), b("second"))),
                        Arrays.asList(b("1700000000001-0"), null))));

        Map<StreamMessageId, Map<String, byte[]>> entries = BlockingReads.entries(reply);

        assertEquals(
                List.of(
                        new StreamMessageId(1700000000000L, 0),
                        new StreamMessageId(1700000000000L, 1),
                        new StreamMessageId(1700000000001L, 0)),
                List.copyOf(entries.keySet()));
        assertArrayEquals(
                b("first"), entries.get(new StreamMessageId(1700000000000L, 0)).get("msg"));
        assertArrayEquals(
                b("second"), entries.get(new StreamMessageId(1700000000000L, 1)).get("msg"));
        assertEquals(Map.of(), entries.get(new StreamMessageId(1700000000001L, 0)), "deleted meanwhile: no fields");
        assertEquals(Map.of(), BlockingReads.entries(null));
    }
}
