package dev.rmbee.chain.tfgrid;

/**
 * The chain's metadata lacks or changed something RMB reads or writes (a pallet, call, event, storage
 * item, signed extension or one of their shapes): its message names each difference. Refusing to run
 * is safer than misreading twins or signing what the runtime would decode differently.
 */
public class UnsupportedChainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedChainException(String message) {
        super(message);
    }
}
