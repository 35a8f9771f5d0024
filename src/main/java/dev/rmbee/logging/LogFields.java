package dev.rmbee.logging;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a log line concerns, as named fields: the twin, session, uid or remote relay. A line logged
 * with {@link #log} carries them twice: after its text as {@code [key=value ...]} (every log format
 * shows them the same way), and on Open Liberty as extensions of the log record, which Liberty's JSON
 * logs write as {@code ext_twin}, {@code ext_session}, ... fields. Values are written verbatim when
 * they are plain (letters, digits, {@code . _ : / @ + - , * ? # % ~}), else quoted with control characters
 * escaped, so a value from the network cannot forge a line or a field; long values are cut.
 */
public final class LogFields {

    /** Longest value kept, in characters; a longer one is cut and ends with "...". */
    static final int MAX_VALUE_LENGTH = 512;

    private static final LogFields NONE = new LogFields(new String[0]);

    /** Alternating names and values. */
    private final String[] pairs;

    private LogFields(String[] pairs) {
        this.pairs = pairs;
    }

    public static LogFields none() {
        return NONE;
    }

    /** A twin id (unsigned, as in the protocol). */
    public static LogFields twin(int twinId) {
        return NONE.andTwin(twinId);
    }

    /** A session, as its {@code twin} or {@code twin:sid} key. */
    public static LogFields session(Object session) {
        return NONE.and("session", session);
    }

    /** An envelope's uid. */
    public static LogFields uid(String uid) {
        return NONE.and("uid", uid);
    }

    /** A remote relay: its domain or URL. */
    public static LogFields relay(Object relay) {
        return NONE.and("relay", relay);
    }

    public LogFields andTwin(int twinId) {
        return and("twin", Integer.toUnsignedString(twinId));
    }

    public LogFields andSession(Object session) {
        return and("session", session);
    }

    public LogFields andUid(String uid) {
        return and("uid", uid);
    }

    public LogFields andRelay(Object relay) {
        return and("relay", relay);
    }

    /** This and one more field; a {@code null} value adds nothing. */
    public LogFields and(String name, Object value) {
        if (value == null) {
            return this;
        }
        String[] more = Arrays.copyOf(pairs, pairs.length + 2);
        more[pairs.length] = name;
        more[pairs.length + 1] = cut(String.valueOf(value));
        return new LogFields(more);
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** The fields as {@code name=value name="quoted value"}, in the order added. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(pairs[i]).append('=');
            appendValue(text, pairs[i + 1]);
        }
        return text.toString();
    }

    /** The line as logged: the text, then the fields in brackets (nothing when there are none). */
    public String line(String text) {
        return isEmpty() ? text : text + " [" + this + "]";
    }

    /** Logs {@code message} with these fields, when {@code logger} logs {@code level}. */
    public void log(Logger logger, Level level, Supplier<String> message) {
        log(logger, level, message, null);
    }

    /** Logs {@code message} and {@code thrown} with these fields, when {@code logger} logs {@code level}. */
    public void log(Logger logger, Level level, Supplier<String> message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, line(message.get()));
        record.setLoggerName(logger.getName());
        // the logger's class, not this helper, is where the line comes from (and no stack walk to find it)
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName("");
        record.setThrown(thrown);
        RecordExtensions.during(pairs, () -> logger.log(record));
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }

    static void appendValue(StringBuilder text, String value) {
        if (isPlain(value)) {
            text.append(value);
            return;
        }
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    private static boolean isPlain(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '/'
                    || c == '@'
                    || c == '+'
                    || c == '-'
                    || c == ','
                    || c == '*'
                    || c == '?'
                    || c == '#'
                    || c == '%'
                    || c == '~';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
