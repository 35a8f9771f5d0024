package dev.rmbee.peer.bus;

/**
 * The Redis keys of the peer's local API (peer.md §4), exactly as the reference names them, and
 * this gateway's own internal keys under {@code rmb-ee.peer.<twin>.}: none of them starts with
 * {@code msgbus.}, so no program and no remote request (whose command names a list
 * {@code msgbus.<cmd>}) can reach them.
 */
public final class LocalKeys {

    /** Requests of local clients, popped by the gateway (§5.1). */
    public static final String SYSTEM_LOCAL = "msgbus.system.local";

    /** Responses of local services, popped by the gateway (§5.4); also the {@code ret} of incoming requests. */
    public static final String SYSTEM_REPLY = "msgbus.system.reply";

    /** Items kept in a list the gateway pushes to ({@code msgbus.<cmd>}, a client's {@code ret}): the newest 10 000. */
    public static final int MAX_LIST_LENGTH = 10_000;

    /** The prefix of this gateway's internal keys. */
    static final String INTERNAL_PREFIX = "rmb-ee.peer.";

    private LocalKeys() {}

    /**
     * The list that holds the items of {@code list} ({@link #SYSTEM_LOCAL} or {@link #SYSTEM_REPLY})
     * the gateway of {@code twin} has taken and not yet finished: {@code
     * rmb-ee.peer.<twin>.taken.<list>}. A crash leaves them there for the next start.
     */
    public static String takenList(int twin, String list) {
        return INTERNAL_PREFIX + Integer.toUnsignedString(twin) + ".taken." + list;
    }

    /**
     * The marker that a message with digest {@code digest} (of its kind, sender and uid) was pushed
     * by the gateway of {@code twin}: {@code rmb-ee.peer.<twin>.seen.<digest>}, expiring with the
     * message.
     */
    public static String seenKey(int twin, String digest) {
        return INTERNAL_PREFIX + Integer.toUnsignedString(twin) + ".seen." + digest;
    }

    /** The list of a command's incoming requests: {@code msgbus.<cmd>}. */
    public static String commandQueue(String command) {
        return "msgbus." + command;
    }

    /** The key of a request's backlog: {@code msgbus.backlog.<uid>}. */
    public static String backlogKey(String uid) {
        return "msgbus.backlog." + uid;
    }
}
