package dev.rmbee.peer;

/**
 * A failure the peer reports with a code: to a local client as the {@code err} of a JSON response
 * on its {@code ret} list, or to a remote sender as an Error envelope. The codes and texts are the
 * reference's (wire.md §10) except {@link #INVALID_REQUEST}, which is ours.
 */
public final class PeerFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** A remote request could not be handed to local storage (wire.md §10.4). */
    public static final int DISPATCH = 0;
    /** {@code envelope validation error: message has expired}: received after its TTL, or a local request already expired. */
    public static final int EXPIRED = 102;
    /** {@code unknown twin id '<id>'}: the sender or destination twin is not registered. */
    public static final int UNKNOWN_TWIN = 103;
    /** {@code invalid envelope signature: <detail>}. */
    public static final int INVALID_SIGNATURE = 104;
    /** {@code sender twin has no public key}: a cipher payload from a twin without e2e key. */
    public static final int NO_PUBLIC_KEY = 105;
    /** {@code e2e error: <detail>}: decryption failed, or encryption for a destination's key. */
    public static final int E2E = 106;
    /**
     * {@code invalid request: <detail>}: a local request this peer cannot take, reported instead of
     * only logged (members of the wrong type with a readable {@code ret}, a {@code dat} that is not
     * base64). Not a code of the reference, which drops such requests silently; chosen after HTTP's
     * 400 since the request itself is at fault.
     */
    public static final int INVALID_REQUEST = 400;
    /** {@code other: <detail>}: a twin lookup failed, nothing could be sent before the deadline, Redis failed. */
    public static final int OTHER = 500;

    private final int code;

    private PeerFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }

    static PeerFailure expired() {
        return new PeerFailure(EXPIRED, "envelope validation error: message has expired");
    }

    static PeerFailure unknownTwin(int twinId) {
        return new PeerFailure(UNKNOWN_TWIN, "unknown twin id '" + Integer.toUnsignedString(twinId) + "'");
    }

    static PeerFailure invalidSignature(String detail) {
        return new PeerFailure(INVALID_SIGNATURE, "invalid envelope signature: " + detail);
    }

    static PeerFailure noPublicKey() {
        return new PeerFailure(NO_PUBLIC_KEY, "sender twin has no public key");
    }

    static PeerFailure e2e(String detail) {
        return new PeerFailure(E2E, "e2e error: " + detail);
    }

    static PeerFailure invalidRequest(String detail) {
        return new PeerFailure(INVALID_REQUEST, "invalid request: " + detail);
    }

    static PeerFailure other(String detail) {
        return new PeerFailure(OTHER, "other: " + detail);
    }

    /** A failure while handing a verified remote request to local storage: code 0 (wire.md §10.4). */
    static PeerFailure dispatch(String detail) {
        return new PeerFailure(DISPATCH, "other: " + detail);
    }
}
