package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {

    private static final String ALL_KINDS = "+OK\r\n" + "-NOSCRIPT No matching script\r\n" + ":-42\r\n"
            + "$5\r\nhe\r\nl\r\n" + "$0\r\n\r\n" + "$-1\r\n" + "*-1\r\n" + "*0\r\n"
            + "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n+deep\r\n-ERR inside\r\n";

    @Test
    void decodesEveryReplyKindInOrder() throws IOException {
        List<Object> replies = decodeAll(List.of(bytes(ALL_KINDS)));

        assertAllKinds(replies);
    }

    @Test
    void aReplySplitAtAnyByteIsDecodedOnceWhole() throws IOException {
        byte[] all = bytes(ALL_KINDS);
        for (int split = 1; split < all.length; split++) {
            byte[] head = java.util.Arrays.copyOfRange(all, 0, split);
            byte[] tail = java.util.Arrays.copyOfRange(all, split, all.length);

            assertAllKinds(decodeAll(List.of(head, tail)));
        }
    }

    @Test
    void bytesFedOneAtATimeGiveTheSameReplies() throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : bytes(ALL_KINDS)) {
            pieces.add(new byte[] {b});
        }

        assertAllKinds(decodeAll(pieces));
    }

    @Test
    void aBulkStringLargerThanTheBufferArrivesWhole() throws IOException {
        byte[] value = new byte[100_000];
        java.util.Arrays.fill(value, (byte) 'x');
        RespDecoder decoder = new RespDecoder();
        byte[] frame = concat(bytes("$100000\r\n"), value, bytes("\r\n"));

        decoder.feed(frame, 0, 50_000);
        assertSame(RespDecoder.INCOMPLETE, decoder.next());
        decoder.feed(frame, 50_000, frame.length - 50_000);

        assertArrayEquals(value, (byte[]) decoder.next());
        assertSame(RespDecoder.INCOMPLETE, decoder.next());
    }

    @Test
    void anUnknownReplyTypeIsAProtocolError() {
        RespDecoder decoder = new RespDecoder();
        decoder.feed(bytes("?what\r\n"), 0, 7);

        IOException error = assertThrows(IOException.class, decoder::next);
        assertEquals("redis protocol error: reply starts with byte 63", error.getMessage());
    }

    private static void assertAllKinds(List<Object> replies) {
        assertEquals(9, replies.size());
        assertEquals("OK", replies.get(0));
        RespError error = assertInstanceOf(RespError.class, replies.get(1));
        assertEquals("NOSCRIPT", error.kind());
        assertEquals("NOSCRIPT No matching script", error.getMessage());
        assertEquals(-42L, replies.get(2));
        assertArrayEquals(bytes("he\r\nl"), (byte[]) replies.get(3));
        assertArrayEquals(new byte[0], (byte[]) replies.get(4));
        assertNull(replies.get(5));
        assertNull(replies.get(6));
        assertEquals(List.of(), replies.get(7));
        List<?> nested = (List<?>) replies.get(8);
        assertEquals(1L, nested.get(0));
        List<?> inner = (List<?>) nested.get(1);
        assertArrayEquals(bytes("a"), (byte[]) inner.get(0));
        assertEquals(List.of("deep"), inner.get(1));
        assertEquals("ERR inside", ((RespError) nested.get(2)).getMessage());
    }

    private static List<Object> decodeAll(List<byte[]> pieces) throws IOException {
        RespDecoder decoder = new RespDecoder();
        List<Object> replies = new ArrayList<>();
        for (byte[] piece : pieces) {
            decoder.feed(piece, 0, piece.length);
            for (Object reply; (reply = decoder.next()) != RespDecoder.INCOMPLETE; ) {
                replies.add(reply);
            }
        }
        return replies;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
