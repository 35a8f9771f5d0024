package dev.rmbee.logging;

import com.ibm.websphere.logging.hpel.LogRecordContext;

/**
 * Fields as extensions of the log records logged meanwhile, on this thread: Open Liberty's
 * {@code LogRecordContext}, which its JSON logs write as {@code ext_<name>} fields. Outside Liberty
 * (no such class) the fields stay in the text only.
 */
final class RecordExtensions {

    private static final boolean AVAILABLE = available();

    private RecordExtensions() {}

    /** Runs {@code log} with the fields ({@code name, value, ...}) set as extensions, then removes them. */
    static void during(String[] pairs, Runnable log) {
        if (!AVAILABLE || pairs.length == 0) {
            log.run();
            return;
        }
        Liberty.during(pairs, log);
    }

    private static boolean available() {
        try {
            Class.forName(
                    "com.ibm.websphere.logging.hpel.LogRecordContext", false, RecordExtensions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The only place that touches Liberty's class, loaded only when it exists. */
    private static final class Liberty {

        static void during(String[] pairs, Runnable log) {
            for (int i = 0; i < pairs.length; i += 2) {
                LogRecordContext.addExtension(pairs[i], pairs[i + 1]);
            }
            try {
                log.run();
            } finally {
                for (int i = 0; i < pairs.length; i += 2) {
                    LogRecordContext.removeExtension(pairs[i]);
                }
            }
        }
    }
}
