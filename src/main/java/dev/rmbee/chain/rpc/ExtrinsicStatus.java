package dev.rmbee.chain.rpc;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * One {@code author_extrinsicUpdate} of a submitted extrinsic (chain.md §2): its kind and, for the
 * kinds that name one, a hash (a block's; for {@link Kind#USURPED} the usurping extrinsic's).
 */
public record ExtrinsicStatus(Kind kind, Optional<byte[]> hash) {

    /** The statuses, with their names on the wire; after a final one the node sends no more. */
    public enum Kind {
        FUTURE("future", false),
        READY("ready", false),
        BROADCAST("broadcast", false),
        IN_BLOCK("inBlock", false),
        RETRACTED("retracted", false),
        FINALITY_TIMEOUT("finalityTimeout", true),
        FINALIZED("finalized", true),
        USURPED("usurped", true),
        DROPPED("dropped", true),
        INVALID("invalid", true);

        private final String wireName;
        private final boolean last;

        Kind(String wireName, boolean last) {
            this.wireName = wireName;
            this.last = last;
        }

        public String wireName() {
            return wireName;
        }

        /** Whether no status follows this one. */
        public boolean isFinal() {
            return last;
        }
    }

    /** The status a notification's result names, or empty for one this client does not know. */
    static Optional<ExtrinsicStatus> of(JsonValue value) {
        if (value instanceof JsonString text) {
            return kind(text.getString()).map(kind -> new ExtrinsicStatus(kind, Optional.empty()));
        }
        if (!(value instanceof JsonObject object) || object.size() != 1) {
            return Optional.empty();
        }
        String name = object.keySet().iterator().next();
        Optional<Kind> kind = kind(name);
        if (kind.isEmpty() || kind.get() == Kind.BROADCAST) {
            return kind.map(broadcast -> new ExtrinsicStatus(broadcast, Optional.empty()));
        }
        return Optional.of(new ExtrinsicStatus(kind.get(), ChainValues.hash(object.get(name), "extrinsic status")));
    }

    private static Optional<Kind> kind(String wireName) {
        for (Kind kind : Kind.values()) {
            if (kind.wireName.equals(wireName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
