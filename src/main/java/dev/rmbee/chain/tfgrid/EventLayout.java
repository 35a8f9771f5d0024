package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.Field;
import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.Pallet;
import dev.rmbee.chain.metadata.StorageEntry;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.Variant;
import java.util.List;
import java.util.Optional;

/**
 * The indices a {@code System.Events} decoder needs, read by name from the metadata (their shapes are
 * checked by {@link TfgridShapes}): the runtime event enum, the phase variants, {@code
 * DispatchError::Module}. The runtime event enum must name each pallet with its index and event type.
 */
record EventLayout(
        int runtimeEventType, int applyExtrinsic, int finalization, int initialization, int dispatchErrorModule) {

    private static final int MISSING = -1;

    static EventLayout resolve(ShapeCheck check, Optional<Pallet> tfgrid, Optional<Pallet> system) {
        Metadata metadata = check.metadata();
        Optional<List<Field>> record = system.flatMap(p -> p.storageEntry("Events"))
                .map(StorageEntry::valueType)
                .map(id -> metadata.types().def(id))
                .filter(TypeDef.Sequence.class::isInstance)
                .map(sequence -> metadata.types().def(((TypeDef.Sequence) sequence).element()))
                .filter(TypeDef.Composite.class::isInstance)
                .map(composite -> ((TypeDef.Composite) composite).fields())
                .filter(fields -> fields.size() == 3);
        if (record.isEmpty()) {
            return new EventLayout(MISSING, MISSING, MISSING, MISSING, MISSING);
        }
        int runtimeEvent = record.get().get(1).type();
        tfgrid.ifPresent(pallet -> checkPalletEvents(check, runtimeEvent, pallet));
        system.ifPresent(pallet -> checkPalletEvents(check, runtimeEvent, pallet));
        int phase = record.get().get(0).type();
        return new EventLayout(
                runtimeEvent,
                index(metadata, phase, "ApplyExtrinsic"),
                index(metadata, phase, "Finalization"),
                index(metadata, phase, "Initialization"),
                moduleIndex(metadata, system));
    }

    private static void checkPalletEvents(ShapeCheck check, int runtimeEvent, Pallet pallet) {
        String where = "runtime event " + pallet.name();
        Optional<Variant> variant = check.variants(runtimeEvent).flatMap(v -> v.byName(pallet.name()));
        if (variant.isEmpty()) {
            check.missing(where);
        } else if (variant.get().index() != pallet.index()) {
            check.problem(where + ": expected index " + pallet.index() + ", found "
                    + variant.get().index());
        } else if (variant.get().fields().size() != 1
                || variant.get().fields().get(0).type() != pallet.eventType()) {
            check.problem(where + ": expected the pallet's event type " + pallet.eventType() + " as its one field");
        }
    }

    private static int index(Metadata metadata, int enumType, String name) {
        return metadata.variants(enumType)
                .flatMap(v -> v.byName(name))
                .map(Variant::index)
                .orElse(MISSING);
    }

    private static int moduleIndex(Metadata metadata, Optional<Pallet> system) {
        return system.flatMap(p -> metadata.event(p.name(), "ExtrinsicFailed"))
                .filter(failed -> !failed.fields().isEmpty())
                .map(failed -> index(metadata, failed.fields().get(0).type(), "Module"))
                .orElse(MISSING);
    }
}
