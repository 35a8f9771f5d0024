package dev.rmbee.chain.tfgrid;

/** When in a block an event happened: applying extrinsic {@code extrinsic}, or at finalization or initialization. */
public record Phase(Kind kind, int extrinsic) {

    public enum Kind {
        APPLY_EXTRINSIC,
        FINALIZATION,
        INITIALIZATION
    }

    public static final Phase FINALIZATION = new Phase(Kind.FINALIZATION, -1);
    public static final Phase INITIALIZATION = new Phase(Kind.INITIALIZATION, -1);

    public static Phase applyExtrinsic(int extrinsic) {
        return new Phase(Kind.APPLY_EXTRINSIC, extrinsic);
    }

    @Override
    public String toString() {
        return kind == Kind.APPLY_EXTRINSIC ? "ApplyExtrinsic(" + extrinsic + ")" : kind.toString();
    }
}
