package dev.rmbee.chain.extrinsic;

/**
 * Where a call lives in the runtime: its pallet's index and the call's index in that pallet, resolved from the
 * metadata by name (e.g. {@code TfgridModule.update_twin} = 25, 18 since July 2023).
 */
public record CallIndex(int pallet, int call) {

    public CallIndex {
        if (pallet < 0 || pallet > 255 || call < 0 || call > 255) {
            throw new IllegalArgumentException("pallet and call indices are bytes: " + pallet + ", " + call);
        }
    }
}
