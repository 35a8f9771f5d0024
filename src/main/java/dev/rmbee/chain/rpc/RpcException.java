package dev.rmbee.chain.rpc;

/**
 * A failed JSON-RPC exchange: either the node answered with an error ({@link RpcErrorException}) or
 * no usable answer came ({@link RpcUnavailableException}).
 */
public abstract class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
