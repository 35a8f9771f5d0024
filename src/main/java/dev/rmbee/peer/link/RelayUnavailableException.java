package dev.rmbee.peer.link;

/** No relay connection accepted an envelope before its deadline. */
public class RelayUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public RelayUnavailableException(String message) {
        super(message);
    }
}
