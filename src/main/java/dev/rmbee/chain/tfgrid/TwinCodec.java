package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.scale.ScaleReader;
import dev.rmbee.chain.scale.ScaleWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * SCALE of tfchain's {@code Twin<AccountId32>} (registry.md §2.2), the value of {@code Twins(id)} and
 * the payload of {@code TwinStored}/{@code TwinUpdated}: {@code id u32 ‖ account [32] ‖
 * Option<Bytes> relay ‖ Vec<(u32, Bytes)> entities ‖ Option<Bytes> pk}. Its layout is checked against
 * the runtime's metadata by {@link TfgridShapes}.
 */
public final class TwinCodec {

    private static final int ACCOUNT_LENGTH = 32;

    private TwinCodec() {}

    /** A whole storage value: exactly one twin, no bytes left over. */
    public static ChainTwin decode(byte[] value) {
        ScaleReader reader = new ScaleReader(value);
        ChainTwin twin = read(reader);
        reader.expectEnd("Twin");
        return twin;
    }

    /** Reads one twin from where {@code reader} stands (an event payload). */
    public static ChainTwin read(ScaleReader reader) {
        int id = reader.u32();
        byte[] account = reader.bytes(ACCOUNT_LENGTH);
        byte[] relay = reader.option() ? reader.byteVec() : null;
        int count = reader.compactLength();
        List<ChainTwin.Entity> entities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entities.add(new ChainTwin.Entity(reader.u32(), reader.byteVec()));
        }
        byte[] pk = reader.option() ? reader.byteVec() : null;
        return new ChainTwin(id, account, relay, entities, pk);
    }

    public static byte[] encode(ChainTwin twin) {
        ScaleWriter writer = new ScaleWriter();
        write(writer, twin);
        return writer.toByteArray();
    }

    public static void write(ScaleWriter writer, ChainTwin twin) {
        writer.u32(twin.id()).bytes(twin.account()).optionalByteVec(twin.relay());
        writer.compact(twin.entities().size());
        for (ChainTwin.Entity entity : twin.entities()) {
            writer.u32(entity.entityId()).byteVec(entity.signature());
        }
        writer.optionalByteVec(twin.pk());
    }

    /** The value of {@code TwinIdByAccountID(account)} (and of {@code TwinID}): a u32. */
    public static int decodeTwinId(byte[] value) {
        ScaleReader reader = new ScaleReader(value);
        int id = reader.u32();
        reader.expectEnd("twin id");
        return id;
    }

    public static byte[] encodeTwinId(int id) {
        return new ScaleWriter().u32(id).toByteArray();
    }
}
