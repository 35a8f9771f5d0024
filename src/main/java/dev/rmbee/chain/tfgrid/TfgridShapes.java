package dev.rmbee.chain.tfgrid;

import static dev.rmbee.chain.tfgrid.Shape.any;
import static dev.rmbee.chain.tfgrid.Shape.bytes;
import static dev.rmbee.chain.tfgrid.Shape.enumWith;
import static dev.rmbee.chain.tfgrid.Shape.fixedBytes;
import static dev.rmbee.chain.tfgrid.Shape.named;
import static dev.rmbee.chain.tfgrid.Shape.option;
import static dev.rmbee.chain.tfgrid.Shape.prim;
import static dev.rmbee.chain.tfgrid.Shape.struct;
import static dev.rmbee.chain.tfgrid.Shape.variant;
import static dev.rmbee.chain.tfgrid.Shape.vec;

import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.Pallet;
import dev.rmbee.chain.metadata.Primitive;
import dev.rmbee.chain.metadata.StorageHasher;
import java.util.List;
import java.util.Optional;

/**
 * Everything RMB reads from or writes to tfchain, resolved from a runtime's metadata by name and
 * checked: the {@code TfgridModule} pallet (its index, {@code update_twin}, the twin events, the
 * twin storage), {@code System} (its index, {@code ExtrinsicSuccess}/{@code ExtrinsicFailed}, the
 * events and account storage, the event record's phase), and the extrinsic format. {@link #resolve}
 * refuses a runtime that differs in any of them with an {@link UnsupportedChainException} naming
 * each difference. Resolve once per runtime version.
 *
 * @param runtimeEventType the type id of the runtime's event enum (one variant per pallet)
 * @param dispatchErrorModule the index of {@code DispatchError::Module}
 * @param signedExtensions the signed extension names in order
 */
public record TfgridShapes(
        int tfgridPallet,
        int updateTwinCall,
        int twinStoredEvent,
        int twinUpdatedEvent,
        int twinDeletedEvent,
        int systemPallet,
        int extrinsicSuccessEvent,
        int extrinsicFailedEvent,
        int runtimeEventType,
        int phaseApplyExtrinsic,
        int phaseFinalization,
        int phaseInitialization,
        int dispatchErrorModule,
        List<String> signedExtensions) {

    static final String TFGRID = "TfgridModule";
    static final String SYSTEM = "System";

    public TfgridShapes {
        signedExtensions = List.copyOf(signedExtensions);
    }

    /** Resolves and checks every name and shape; an {@link UnsupportedChainException} naming each difference. */
    public static TfgridShapes resolve(Metadata metadata) {
        ShapeCheck check = new ShapeCheck(metadata);
        Optional<Pallet> tfgrid = pallet(check, TFGRID);
        Shape twin = twin();
        int updateTwin =
                check.call(tfgrid, "update_twin", named("relay", option(bytes())), named("pk", option(bytes())));
        int stored = check.event(tfgrid, "TwinStored", twin);
        int updated = check.event(tfgrid, "TwinUpdated", twin);
        int deleted = check.event(tfgrid, "TwinDeleted", prim(Primitive.U32));
        List<StorageHasher> concat = List.of(StorageHasher.BLAKE2_128_CONCAT);
        check.storage(tfgrid, "Twins", concat, prim(Primitive.U32), twin);
        check.storage(tfgrid, "TwinIdByAccountID", concat, fixedBytes(32), prim(Primitive.U32));
        check.storage(tfgrid, "TwinID", List.of(), null, prim(Primitive.U32));

        Optional<Pallet> system = pallet(check, SYSTEM);
        int success = check.event(system, "ExtrinsicSuccess", any());
        int failed = check.event(system, "ExtrinsicFailed", dispatchError(), any());
        check.storage(system, "Account", concat, fixedBytes(32), accountInfo());
        check.storage(system, "Events", List.of(), null, vec(eventRecord()));
        EventLayout events = EventLayout.resolve(check, tfgrid, system);

        List<String> extensions = ExtrinsicShapes.check(check);
        check.finish();
        return new TfgridShapes(
                tfgrid.get().index(),
                updateTwin,
                stored,
                updated,
                deleted,
                system.get().index(),
                success,
                failed,
                events.runtimeEventType(),
                events.applyExtrinsic(),
                events.finalization(),
                events.initialization(),
                events.dispatchErrorModule(),
                extensions);
    }

    /** {@code pallet_tfgrid::types::Twin<AccountId32>}, as {@link TwinCodec} reads it. */
    static Shape twin() {
        return struct(
                "id", prim(Primitive.U32),
                "account_id", fixedBytes(32),
                "relay", option(bytes()),
                "entities", vec(struct("entity_id", prim(Primitive.U32), "signature", bytes())),
                "pk", option(bytes()));
    }

    /** {@code DispatchError} with {@code Module(ModuleError{index: u8, error: [u8; 4]})}. */
    static Shape dispatchError() {
        return enumWith(variant("Module", -1, struct("index", prim(Primitive.U8), "error", fixedBytes(4))));
    }

    /** {@code EventRecord{phase, event, topics: Vec<H256>}}, the phase with its three variants. */
    static Shape eventRecord() {
        Shape phase = enumWith(
                variant("ApplyExtrinsic", -1, prim(Primitive.U32)),
                variant("Finalization", -1),
                variant("Initialization", -1));
        return struct("phase", phase, "event", any(), "topics", vec(fixedBytes(32)));
    }

    private static Shape accountInfo() {
        Shape u32 = prim(Primitive.U32);
        return struct("nonce", u32, "consumers", u32, "providers", u32, "sufficients", u32, "data", any());
    }

    private static Optional<Pallet> pallet(ShapeCheck check, String name) {
        Optional<Pallet> pallet = check.pallet(name);
        pallet.filter(p -> !name.equals(p.storagePrefix()))
                .ifPresent(p -> check.problem(
                        "pallet " + name + ": expected storage prefix " + name + ", found " + p.storagePrefix()));
        return pallet;
    }
}
