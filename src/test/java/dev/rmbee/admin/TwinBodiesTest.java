package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TwinBodiesTest {

    private static final String ACCOUNT = "\"account\":\"0x" + "ab".repeat(32) + "\"";

    @Test
    void hostileJsonIsA400NotAnEscapingException() {
        for (String body : new String[] {
            "{" + ACCOUNT + ",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
            "{" + ACCOUNT + ",\"x\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}",
            "{\"id\":" + "9".repeat(5000) + "," + ACCOUNT + "}",
            "{" + ACCOUNT + ",\"x\":" + "[".repeat(1001),
            "{" + ACCOUNT + "}xyz",
            "[1]",
            "\"text\"",
        }) {
            AdminException refused = assertThrows(AdminException.class, () -> object(body), cut(body));
            assertEquals(400, refused.status(), cut(body));
            assertTrue(refused.getMessage().length() < 300, refused.getMessage());
        }
        assertEquals(
                400,
                assertThrows(AdminException.class, () -> TwinBodies.object(new byte[] {(byte) 0xff, '{'}))
                        .status());
    }

    @Test
    void aBodyOverTheLimitIs413AndOneAtTheLimitIsRead() {
        byte[] body = new byte[100];
        assertEquals(100, TwinBodies.read(new ByteArrayInputStream(body), 100).length);
        AdminException refused =
                assertThrows(AdminException.class, () -> TwinBodies.read(new ByteArrayInputStream(body), 99));
        assertEquals(413, refused.status());
        assertEquals(0, TwinBodies.read(null, 10).length);
    }

    private static Object object(String body) {
        return TwinBodies.object(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String cut(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
