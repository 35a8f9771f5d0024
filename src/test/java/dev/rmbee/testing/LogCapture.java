package dev.rmbee.testing;

import com.ibm.websphere.logging.hpel.LogRecordContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines a {@code java.util.logging} logger publishes while a test runs, each with the Liberty
 * log-record extensions ({@code LogRecordContext}) that were set on the logging thread at that
 * moment, as Liberty's JSON logs would write them (and not printed elsewhere meanwhile). Use in
 * try-with-resources: {@code close()} detaches it and restores the logger.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One published line: its level, its text as formatted, its extensions. */
    public record Line(Level level, String text, Map<String, String> extensions, Throwable thrown) {}

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final List<Line> lines = new ArrayList<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        this.previousUseParentHandlers = logger.getUseParentHandlers();
        logger.setLevel(level);
        // captured, not also printed on the test's console
        logger.setUseParentHandlers(false);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Captures what the logger named after {@code owner} logs at {@code level} and above. */
    public static LogCapture of(Class<?> owner, Level level) {
        return new LogCapture(Logger.getLogger(owner.getName()), level);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        Map<String, String> extensions = new HashMap<>();
        LogRecordContext.getExtensions(extensions);
        lines.add(new Line(record.getLevel(), record.getMessage(), extensions, record.getThrown()));
    }

    /** The lines so far, oldest first. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The texts of the lines so far, oldest first. */
    public synchronized List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }
}
