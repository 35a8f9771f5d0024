package dev.rmbee.peer.bus;

/** The Redis keys of the peer's local API (peer.md §4), exactly as the reference names them. */
public final class LocalKeys {

    /** Requests of local clients, popped by the gateway (§5.1). */
    public static final String SYSTEM_LOCAL = "msgbus.system.local";

    /** Responses of local services, popped by the gateway (§5.4); also the {@code ret} of incoming requests. */
    public static final String SYSTEM_REPLY = "msgbus.system.reply";

    /** Items kept in a list the gateway pushes to ({@code msgbus.<cmd>}, a client's {@code ret}): the newest 10 000. */
    public static final int MAX_LIST_LENGTH = 10_000;

    private LocalKeys() {}

    /** The list of a command's incoming requests: {@code msgbus.<cmd>}. */
    public static String commandQueue(String command) {
        return "msgbus." + command;
    }

    /** The key of a request's backlog: {@code msgbus.backlog.<uid>}. */
    public static String backlogKey(String uid) {
        return "msgbus.backlog." + uid;
    }
}
