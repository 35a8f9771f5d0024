package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.relay.QueuedMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReadsTest {

    @Test
    void anXrangeReplyBecomesTheMessagesWithExactlyTheEnvelopeField() {
        List<?> reply = List.of(
                List.of(bytes("1-0"), List.of(bytes("_"), bytes("first"))),
                List.of(bytes("2-0"), List.of(bytes("other"), bytes("skipped"))),
                List.of(bytes("3-0"), List.of(bytes("_"), bytes("a"), bytes("x"), bytes("b"))),
                List.of(bytes("4-1"), List.of(bytes("_"), bytes("last"))));

        List<QueuedMessage> messages = StreamReads.toMessages("stream:1", reply);

        assertEquals(
                List.of("1-0", "4-1"), messages.stream().map(QueuedMessage::id).toList());
        assertArrayEquals(bytes("first"), messages.get(0).envelope());
        assertArrayEquals(bytes("last"), messages.get(1).envelope());
    }

    @Test
    void anEmptyReplyIsNoMessages() {
        assertEquals(List.of(), StreamReads.toMessages("stream:1", List.of()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
