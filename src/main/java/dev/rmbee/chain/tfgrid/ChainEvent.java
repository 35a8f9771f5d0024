package dev.rmbee.chain.tfgrid;

/** The events RMB acts on, decoded: twins stored, updated or deleted, and extrinsics' outcomes. */
public sealed interface ChainEvent {

    /** {@code TfgridModule.TwinStored(Twin)}: a new twin. */
    record TwinStored(ChainTwin twin) implements ChainEvent {}

    /** {@code TfgridModule.TwinUpdated(Twin)}: the twin's new state. */
    record TwinUpdated(ChainTwin twin) implements ChainEvent {}

    /** {@code TfgridModule.TwinDeleted(u32)}. */
    record TwinDeleted(int twinId) implements ChainEvent {}

    /** {@code System.ExtrinsicSuccess}: the extrinsic of the record's phase succeeded. */
    record ExtrinsicSuccess() implements ChainEvent {}

    /**
     * {@code System.ExtrinsicFailed}: the extrinsic of the record's phase failed (and paid its fee).
     *
     * @param error {@code "Pallet.ErrorName"} for a module error ({@code "TfgridModule.InvalidRelayAddress"}),
     *     else the {@code DispatchError} variant ({@code "BadOrigin"}, {@code "Token(FundsUnavailable)"})
     */
    record ExtrinsicFailed(String error) implements ChainEvent {}
}
