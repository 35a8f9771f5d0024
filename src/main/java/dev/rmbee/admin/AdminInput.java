package dev.rmbee.admin;

import dev.rmbee.wire.SessionKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * What the admin API reads from paths and query strings, checked: twin ids, sessions, limits.
 * Anything else is an {@link AdminException} 400 naming what is wrong.
 *
 * <p><b>Sessions in paths.</b> A session is {@code /{twin}/{sid}}, where the sid segment is
 * {@value #NO_SID} for the session without sid (rmb-peer's), and otherwise the sid itself, except
 * that a sid which is empty, {@code -}, {@code .}, {@code ..} or starts with {@code ~} is written
 * with a {@code ~} in front ({@code ~} alone is the empty sid). {@link #sidSegment} writes it,
 * percent-encoded.
 */
final class AdminInput {

    /** The sid segment of the session without sid. */
    static final String NO_SID = "-";

    static final char ESCAPE = '~';

    /** Longest session id the API takes. */
    static final int MAX_SID_LENGTH = 1024;

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private static final long MAX_TWIN_ID = 0xFFFF_FFFFL;
    private static final String TWIN_ID = "twin id must be an integer between 1 and 4294967295";

    private AdminInput() {}

    /** A twin id of a path: 1 to 4294967295, decimal digits only. */
    static int twinId(String text) {
        if (text == null
                || text.isEmpty()
                || text.length() > 10
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw AdminException.badRequest(TWIN_ID);
        }
        long id = Long.parseLong(text);
        if (id < 1 || id > MAX_TWIN_ID) {
            throw AdminException.badRequest(TWIN_ID);
        }
        return (int) id;
    }

    /** The {@code twin} query parameter: absent for all twins. */
    static OptionalInt twinFilter(String text) {
        return text == null ? OptionalInt.empty() : OptionalInt.of(twinId(text));
    }

    /** The {@code limit} query parameter: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        String expected = "limit must be an integer between 1 and " + MAX_LIMIT;
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw AdminException.badRequest(expected);
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AdminException.badRequest(expected);
        }
        return limit;
    }

    /** The session of a path's twin and (decoded) sid segments. */
    static SessionKey session(String twin, String sidSegment) {
        int twinId = twinId(twin);
        if (sidSegment.equals(NO_SID)) {
            return SessionKey.of(twinId);
        }
        String sid = !sidSegment.isEmpty() && sidSegment.charAt(0) == ESCAPE ? sidSegment.substring(1) : sidSegment;
        if (sid.length() > MAX_SID_LENGTH) {
            throw AdminException.badRequest("session id too long: at most " + MAX_SID_LENGTH + " characters");
        }
        return new SessionKey(twinId, sid);
    }

    /** The sid segment of a session's path, percent-encoded (the inverse of {@link #session}). */
    static String sidSegment(SessionKey session) {
        String sid = session.sid();
        if (sid == null) {
            return NO_SID;
        }
        boolean escape =
                sid.isEmpty() || sid.equals(NO_SID) || sid.equals(".") || sid.equals("..") || sid.charAt(0) == ESCAPE;
        return percentEncode(escape ? ESCAPE + sid : sid);
    }

    /** Every byte but the unreserved characters of RFC 3986 as {@code %XX}. */
    private static String percentEncode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c)) {
                out.write(c);
            } else {
                byte[] escaped = String.format("%%%02X", b & 0xFF).getBytes(StandardCharsets.US_ASCII);
                out.write(escaped, 0, escaped.length);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
