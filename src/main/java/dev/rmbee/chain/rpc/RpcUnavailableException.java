package dev.rmbee.chain.rpc;

/**
 * No usable answer: no node connected, the connection was lost before the answer, the answer did not
 * come in time, or it was not what the method returns. Another node, or the same one later, may
 * answer.
 */
public final class RpcUnavailableException extends RpcException {

    private static final long serialVersionUID = 1L;

    public RpcUnavailableException(String message) {
        super(message, null);
    }

    public RpcUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
