package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IngressBodyTest {

    private static final int MAX = 16;

    private static byte[] bytes(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) i;
        }
        return body;
    }

    @Test
    void aBodyOfItsDeclaredLengthIsReadWhole() throws Exception {
        assertArrayEquals(bytes(MAX), IngressBody.read(new ByteArrayInputStream(bytes(MAX)), MAX, MAX));
    }

    @Test
    void aBodyWithoutDeclaredLengthIsReadUpToTheCap() throws Exception {
        assertArrayEquals(bytes(MAX), IngressBody.read(new ByteArrayInputStream(bytes(MAX)), -1, MAX));
        assertArrayEquals(new byte[0], IngressBody.read(new ByteArrayInputStream(new byte[0]), -1, MAX));
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeAByteIsRead() {
        AtomicInteger reads = new AtomicInteger();
        InputStream counting = new InputStream() {
            @Override
            public int read() {
                reads.incrementAndGet();
                return 0;
            }
        };
        assertThrows(IngressBody.TooLarge.class, () -> IngressBody.read(counting, MAX + 1, MAX));
        assertEquals(0, reads.get(), "nothing read");
    }

    @Test
    void anUndeclaredBodyOverTheCapIsRefused() {
        assertThrows(
                IngressBody.TooLarge.class, () -> IngressBody.read(new ByteArrayInputStream(bytes(MAX + 1)), -1, MAX));
    }

    @Test
    void aBodyShorterThanDeclaredIsAnError() {
        IOException shortBody =
                assertThrows(IOException.class, () -> IngressBody.read(new ByteArrayInputStream(bytes(3)), 5, MAX));
        assertEquals("body ended after 3 of 5 bytes", shortBody.getMessage());
    }
}
