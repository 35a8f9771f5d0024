package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.Field;
import dev.rmbee.chain.metadata.Metadata;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.ValueWalker;
import dev.rmbee.chain.metadata.Variant;
import dev.rmbee.chain.scale.ScaleException;
import dev.rmbee.chain.scale.ScaleReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a block's {@code System.Events} value ({@code Vec<EventRecord>}, chain.md §4) with the
 * runtime's metadata: every event is walked by its type, so events RMB does not know are stepped over,
 * and the value must be used to its last byte. The twin and extrinsic-outcome events come typed.
 */
public final class SystemEvents {

    private final byte[] value;
    private final ScaleReader reader;
    private final Metadata metadata;
    private final TfgridShapes shapes;
    private final ValueWalker walker;
    private final TypeDef.Variants runtimeEvents;

    private SystemEvents(byte[] value, Metadata metadata, TfgridShapes shapes) {
        this.value = value;
        this.reader = new ScaleReader(value);
        this.metadata = metadata;
        this.shapes = shapes;
        this.walker = metadata.walker();
        this.runtimeEvents = metadata.variants(shapes.runtimeEventType())
                .orElseThrow(() -> new IllegalArgumentException("the shapes are not of this metadata"));
    }

    /**
     * The records of {@code value}, in order; a {@link ScaleException} when it is not a whole
     * {@code Vec<EventRecord>} of this runtime. {@code shapes} must be resolved from {@code metadata}.
     */
    public static List<EventRecord> decode(byte[] value, Metadata metadata, TfgridShapes shapes) {
        return new SystemEvents(value, metadata, shapes).records();
    }

    private List<EventRecord> records() {
        int count = reader.compactLength();
        List<EventRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(record());
        }
        reader.expectEnd("System.Events");
        return records;
    }

    private EventRecord record() {
        Phase phase = phase();
        int at = reader.position();
        int palletIndex = reader.u8();
        Variant pallet = runtimeEvents.byIndex(palletIndex);
        TypeDef.Variants events = pallet == null ? null : palletEvents(pallet);
        if (events == null) {
            throw new ScaleException("no pallet with events at index " + palletIndex + " (byte " + at + ")");
        }
        int eventIndex = reader.u8();
        Variant event = events.byIndex(eventIndex);
        if (event == null) {
            throw new ScaleException("pallet " + pallet.name() + " has no event " + eventIndex + " (byte " + at + ")");
        }
        int start = reader.position();
        ChainEvent typed = fields(palletIndex, event);
        byte[] fields = Arrays.copyOfRange(value, start, reader.position());
        return new EventRecord(phase, palletIndex, pallet.name(), eventIndex, event.name(), fields, topics(), typed);
    }

    private Phase phase() {
        int index = reader.u8();
        if (index == shapes.phaseApplyExtrinsic()) {
            return Phase.applyExtrinsic(reader.u32());
        } else if (index == shapes.phaseFinalization()) {
            return Phase.FINALIZATION;
        } else if (index == shapes.phaseInitialization()) {
            return Phase.INITIALIZATION;
        }
        throw new ScaleException("unknown event phase " + index + " at byte " + (reader.position() - 1));
    }

    private TypeDef.Variants palletEvents(Variant pallet) {
        List<Field> fields = pallet.fields();
        return fields.size() == 1 ? metadata.variants(fields.get(0).type()).orElse(null) : null;
    }

    /** Reads the event's fields: typed for the events RMB acts on, walked over for the others. */
    private ChainEvent fields(int palletIndex, Variant event) {
        int index = event.index();
        if (palletIndex == shapes.tfgridPallet()) {
            if (index == shapes.twinStoredEvent()) {
                return new ChainEvent.TwinStored(TwinCodec.read(reader));
            } else if (index == shapes.twinUpdatedEvent()) {
                return new ChainEvent.TwinUpdated(TwinCodec.read(reader));
            } else if (index == shapes.twinDeletedEvent()) {
                return new ChainEvent.TwinDeleted(reader.u32());
            }
        } else if (palletIndex == shapes.systemPallet()) {
            if (index == shapes.extrinsicSuccessEvent()) {
                skipFields(event);
                return new ChainEvent.ExtrinsicSuccess();
            } else if (index == shapes.extrinsicFailedEvent()) {
                String error = DispatchErrors.name(
                        reader, metadata, event.fields().get(0).type(), shapes);
                walker.skip(reader, event.fields().get(1).type());
                return new ChainEvent.ExtrinsicFailed(error);
            }
        }
        skipFields(event);
        return null;
    }

    private void skipFields(Variant event) {
        for (Field field : event.fields()) {
            walker.skip(reader, field.type());
        }
    }

    private List<byte[]> topics() {
        int count = reader.compactLength();
        List<byte[]> topics = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            topics.add(reader.bytes(32));
        }
        return topics;
    }
}
