package dev.rmbee.peer.api;

import java.util.Optional;

/**
 * A local JSON message that does not have the shape its type requires (invalid JSON, a required
 * member missing, a member of the wrong type). When the message was an object whose {@code ret}
 * (and perhaps {@code ref}) could still be read, they are kept so that the sender can be told.
 */
public class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String replyTo;
    private final String reference;

    public MalformedMessageException(String message) {
        this(message, null, null);
    }

    MalformedMessageException(String message, String replyTo, String reference) {
        super(message);
        this.replyTo = replyTo;
        this.reference = reference;
    }

    /** The same failure, remembering where the sender waits for an answer. */
    MalformedMessageException withReplyTo(String replyTo, String reference) {
        return new MalformedMessageException(getMessage(), replyTo, reference);
    }

    /** The message's {@code ret}, when it could be read although the message is malformed. */
    public Optional<String> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** The message's {@code ref}, when it could be read (and {@code ret} too). */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }
}
