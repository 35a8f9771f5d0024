package dev.rmbee.chain.tfgrid;

import java.util.List;

/**
 * One record of {@code System.Events}: its phase, the pallet and event (names and indices), the raw
 * SCALE of the event's fields, its topics (32 bytes each), and the decoded event when it is one RMB
 * acts on ({@code null} otherwise).
 */
public record EventRecord(
        Phase phase,
        int palletIndex,
        String pallet,
        int eventIndex,
        String event,
        byte[] fields,
        List<byte[]> topics,
        ChainEvent typed) {

    public EventRecord {
        topics = List.copyOf(topics);
    }

    /** {@code "Pallet.Event"}. */
    public String name() {
        return pallet + "." + event;
    }

    @Override
    public byte[] fields() {
        return fields.clone();
    }

    @Override
    public String toString() {
        return phase + " " + name() + (typed == null ? "" : " " + typed);
    }
}
