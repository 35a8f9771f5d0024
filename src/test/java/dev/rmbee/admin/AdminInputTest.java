package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.wire.SessionKey;
import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Ids, sessions and limits from paths and queries: what is taken, and 400 for the rest. */
class AdminInputTest {

    private static void refused(Runnable parse, String expected) {
        AdminException error = assertThrows(AdminException.class, parse::run);
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void twinIdsAreUnsigned32BitDecimals() {
        assertEquals(7, AdminInput.twinId("7"));
        assertEquals(-1, AdminInput.twinId("4294967295"), "the largest, as Java's int");
        for (String bad : List.of("", "0", "-1", "+1", "1.0", "abc", "4294967296", "00000000001", " 1")) {
            refused(() -> AdminInput.twinId(bad), "twin id must be an integer between 1 and 4294967295");
        }
        assertEquals(OptionalInt.empty(), AdminInput.twinFilter(null));
        assertEquals(OptionalInt.of(9), AdminInput.twinFilter("9"));
    }

    @Test
    void limitsAreBounded() {
        assertEquals(AdminInput.DEFAULT_LIMIT, AdminInput.limit(null));
        assertEquals(1, AdminInput.limit("1"));
        assertEquals(AdminInput.MAX_LIMIT, AdminInput.limit("10000"));
        for (String bad : List.of("", "0", "10001", "99999999999", "-5", "ten")) {
            refused(() -> AdminInput.limit(bad), "limit must be an integer between 1 and 10000");
        }
    }

    @Test
    void theSessionWithoutSidIsADashAndOddSidsAreEscapedWithATilde() {
        assertEquals(SessionKey.of(7), AdminInput.session("7", "-"));
        assertEquals(new SessionKey(7, "abc"), AdminInput.session("7", "abc"));
        assertEquals(new SessionKey(7, ""), AdminInput.session("7", "~"));
        assertEquals(new SessionKey(7, "-"), AdminInput.session("7", "~-"));
        assertEquals(new SessionKey(7, "~x"), AdminInput.session("7", "~~x"));
        assertEquals(new SessionKey(7, "a~b"), AdminInput.session("7", "a~b"));
        refused(() -> AdminInput.session("x", "abc"), "twin id");
        refused(() -> AdminInput.session("7", "s".repeat(1025)), "session id too long");
    }

    @Test
    void everySessionHasAPathThatLeadsBackToIt() {
        List<SessionKey> sessions = List.of(
                SessionKey.of(7),
                new SessionKey(7, "abc"),
                new SessionKey(7, ""),
                new SessionKey(7, "-"),
                new SessionKey(7, "~"),
                new SessionKey(7, "."),
                new SessionKey(7, ".."),
                new SessionKey(7, "a/b c?d#e%f"),
                new SessionKey(7, "ünï"));
        for (SessionKey session : sessions) {
            String segment = AdminInput.sidSegment(session);
            assertTrue(segment.matches("[A-Za-z0-9._~%-]+"), segment);
            // what the server decodes from the path
            String decoded = URI.create("http://relay/" + segment).getPath().substring(1);
            assertEquals(session, AdminInput.session("7", decoded), segment);
        }
        assertEquals("-", AdminInput.sidSegment(SessionKey.of(7)));
        assertEquals("abc", AdminInput.sidSegment(new SessionKey(7, "abc")));
        assertEquals("~", AdminInput.sidSegment(new SessionKey(7, "")));
    }
}
