package dev.rmbee.admin;

import java.util.logging.Logger;

/**
 * The audit trail of the admin API: one INFO line per change, {@code admin API: <user> from
 * <address>: <what was done>}, on the logger {@code dev.rmbee.admin.AdminAudit}. Lines name
 * twins, sessions and counts, never a credential or a message; control characters (a session id
 * may hold any) are written as {@code ?} so that a line stays one line.
 */
final class AdminAudit {

    private static final Logger LOG = Logger.getLogger(AdminAudit.class.getName());

    private AdminAudit() {}

    static void record(AdminActor actor, String action) {
        LOG.info(() -> "admin API: " + oneLine(actor.user()) + " from " + oneLine(actor.remoteAddress()) + ": "
                + oneLine(action));
    }

    static String oneLine(String text) {
        if (text == null) {
            return "?";
        }
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return line.toString();
    }
}
