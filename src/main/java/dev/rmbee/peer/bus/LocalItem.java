package dev.rmbee.peer.bus;

import java.util.Objects;

/**
 * One item popped from the gateway's system lists.
 *
 * @param list {@link LocalKeys#SYSTEM_LOCAL} (a request) or {@link LocalKeys#SYSTEM_REPLY} (a response)
 * @param json the item's bytes as the client pushed them
 */
public record LocalItem(String list, byte[] json) {

    public LocalItem {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(json, "json");
    }

    public boolean isRequest() {
        return LocalKeys.SYSTEM_LOCAL.equals(list);
    }
}
