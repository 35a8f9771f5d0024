package dev.rmbee.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.websphere.logging.hpel.LogRecordContext;
import dev.rmbee.testing.LogCapture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogFieldsTest {

    private static final Logger LOG = Logger.getLogger(LogFieldsTest.class.getName());

    @Test
    void fieldsFollowTheTextInTheOrderGiven() {
        LogFields fields = LogFields.twin(5).andSession("5:app").andUid("u-1").andRelay("relay.example.org");
        assertEquals("twin=5 session=5:app uid=u-1 relay=relay.example.org", fields.toString());
        assertEquals("closing [twin=5 session=5:app uid=u-1 relay=relay.example.org]", fields.line("closing"));
        assertEquals("closing", LogFields.none().line("closing"));
    }

    @Test
    void twinIdsAreUnsigned() {
        assertEquals("twin=4294967295", LogFields.twin(-1).toString());
    }

    @Test
    void aNullValueAddsNothing() {
        assertSame(LogFields.none(), LogFields.none().andUid(null));
        assertEquals("relay=r", LogFields.relay("r").and("remote", null).toString());
    }

    @Test
    void valuesThatAreNotPlainAreQuotedAndEscaped() {
        assertEquals("session=\"5:my app\"", LogFields.session("5:my app").toString());
        assertEquals("uid=\"a\\\"b\\\\c\"", LogFields.uid("a\"b\\c").toString());
        assertEquals("uid=\"\"", LogFields.uid("").toString());
        // a value from the network cannot start a new line or hide characters
        assertEquals(
                "session=\"1:x\\n[SEVERE] forged\\u0000\\u202e\"",
                LogFields.session("1:x\n[SEVERE] forged\u0000\u202e").toString());
    }

    @Test
    void longValuesAreCut() {
        String value =
                LogFields.uid("x".repeat(LogFields.MAX_VALUE_LENGTH + 100)).toString();
        assertEquals("uid=" + "x".repeat(LogFields.MAX_VALUE_LENGTH - 3) + "...", value);
    }

    @Test
    void aLoggedLineCarriesTheFieldsInItsTextAndAsLibertyExtensionsWhileItIsPublished() {
        try (LogCapture capture = LogCapture.of(LogFieldsTest.class, Level.INFO)) {
            LogFields.twin(7).andSession("7:s").log(LOG, Level.WARNING, () -> "refused");
            List<LogCapture.Line> lines = capture.lines();
            assertEquals(1, lines.size());
            assertEquals("refused [twin=7 session=7:s]", lines.get(0).text());
            assertEquals(
                    Map.of("twin", "7", "session", "7:s"),
                    without("thread", lines.get(0).extensions()));
        }
        Map<String, String> after = new HashMap<>();
        LogRecordContext.getExtensions(after);
        assertEquals(Map.of(), without("thread", after), "the extensions are removed after the line");
    }

    @Test
    void aLineBelowTheLevelIsNotEvenFormatted() {
        try (LogCapture capture = LogCapture.of(LogFieldsTest.class, Level.INFO)) {
            LogFields.twin(1).log(LOG, Level.FINE, () -> {
                throw new AssertionError("formatted a line that is not logged");
            });
            assertEquals(List.of(), capture.lines());
        }
    }

    @Test
    void theThrowableGoesWithTheLine() {
        IllegalStateException failure = new IllegalStateException("boom");
        try (LogCapture capture = LogCapture.of(LogFieldsTest.class, Level.INFO)) {
            LogFields.relay("r").log(LOG, Level.WARNING, () -> "failed", failure);
            assertSame(failure, capture.lines().get(0).thrown());
            assertTrue(capture.lines().get(0).text().startsWith("failed"));
        }
    }

    /** Liberty's own extension of every record (the thread's name) is not one of ours. */
    private static Map<String, String> without(String key, Map<String, String> extensions) {
        Map<String, String> copy = new HashMap<>(extensions);
        copy.remove(key);
        return copy;
    }
}
