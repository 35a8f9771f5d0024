package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private final List<byte[]> messages = new ArrayList<>();
    private final List<Long> oversized = new ArrayList<>();
    private final CompletableFuture<Void> stored = new CompletableFuture<>();
    private final MessageAssembler assembler = new MessageAssembler(10, new MessageAssembler.Sink() {
        @Override
        public CompletionStage<?> message(byte[] message) {
            messages.add(message);
            return stored;
        }

        @Override
        public void oversized(long bytes) {
            oversized.add(bytes);
        }
    });

    private CompletionStage<?> append(String text, boolean last) {
        return assembler.append(ByteBuffer.wrap(text.getBytes()), last);
    }

    @Test
    void theNextFrameMayBeReadAtOnceAfterAFragmentOrASkippedMessageAndAfterAWholeOneWhenTheSinkSaysSo() {
        assertTrue(append("fr", false).toCompletableFuture().isDone(), "a fragment");
        assertTrue(append("0123456789A", true).toCompletableFuture().isDone(), "a skipped message");
        CompletionStage<?> whole = append("ag", true);
        assertFalse(whole.toCompletableFuture().isDone(), "a whole message: not before the sink took care of it");
        stored.complete(null);
        assertTrue(whole.toCompletableFuture().isDone());
    }

    @Test
    void wholeAndFragmentedMessages() {
        append("whole", true);
        append("fr", false);
        append("ag", false);
        append("ments", true);
        assertEquals(2, messages.size());
        assertArrayEquals("whole".getBytes(), messages.get(0));
        assertArrayEquals("fragments".getBytes(), messages.get(1));
    }

    @Test
    void theCapCountsAllFragmentsAndAnOversizedMessageIsSkippedNotTheNextOne() {
        append("0123456789", true); // exactly the cap
        append("01234", false);
        append("56789", false);
        append("X", false); // 11 bytes now
        append("YZ", true);
        append("next", true);
        append("0123456789A", true); // too large in one frame
        append("last", true);
        assertEquals(List.of(13L, 11L), oversized);
        assertEquals(
                List.of("0123456789", "next", "last"),
                messages.stream().map(String::new).toList());
    }

    @Test
    void emptyMessagesAreMessagesToo() {
        append("", true);
        assertEquals(1, messages.size());
        assertEquals(0, messages.get(0).length);
    }
}
