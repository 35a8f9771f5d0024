package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

    @Test
    void aCommandIsAnArrayOfBulkStrings() {
        byte[] encoded = RespEncoder.encode(RespEncoder.utf8("SET", "k", ""));

        assertEquals("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", new String(encoded, StandardCharsets.UTF_8));
    }

    @Test
    void binaryArgumentsAreWrittenByteForByte() {
        byte[] binary = {0, '\r', '\n', (byte) 0xff};

        byte[] encoded = RespEncoder.encode("X".getBytes(StandardCharsets.US_ASCII), binary);

        assertEquals("*2\r\n$1\r\nX\r\n$4\r\n\0\r\n\u00ff\r\n", new String(encoded, StandardCharsets.ISO_8859_1));
    }

    @Test
    void whatTheEncoderWritesTheDecoderReadsBack() throws Exception {
        RespDecoder decoder = new RespDecoder();
        byte[] encoded = RespEncoder.encode(RespEncoder.utf8("EVALSHA", "abc", "1", "stream:{7}"));

        decoder.feed(encoded, 0, encoded.length);

        java.util.List<?> decoded = (java.util.List<?>) decoder.next();
        assertEquals("stream:{7}", new String((byte[]) decoded.get(3), StandardCharsets.UTF_8));
        assertEquals(4, decoded.size());
    }
}
