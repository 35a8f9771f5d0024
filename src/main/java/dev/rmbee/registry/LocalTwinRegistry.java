package dev.rmbee.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An in-memory registry of twins an administrator manages (and that a file can preload). */
public final class LocalTwinRegistry implements TwinRegistry {

    private final ConcurrentMap<Integer, Twin> twins = new ConcurrentHashMap<>();

    public LocalTwinRegistry() {}

    public LocalTwinRegistry(Collection<Twin> initial) {
        initial.forEach(this::put);
    }

    @Override
    public Optional<Twin> find(int twinId) {
        return Optional.ofNullable(twins.get(twinId));
    }

    /**
     * The twin with this account; when several twins share it (a hand-written registry file may
     * do that, the chain does not), the lowest id. A scan over all twins: this runs once at a
     * peer's start, not per message.
     */
    @Override
    public OptionalInt findIdByAccount(byte[] account) {
        return twins.values().stream()
                .filter(twin -> Arrays.equals(twin.account(), account))
                .mapToInt(Twin::id)
                .reduce((a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
    }

    /** Adds or replaces a twin; returns the previous record, if any. */
    public Optional<Twin> put(Twin twin) {
        return Optional.ofNullable(twins.put(twin.id(), twin));
    }

    public Optional<Twin> remove(int twinId) {
        return Optional.ofNullable(twins.remove(twinId));
    }

    /** All twins, ordered by id. */
    public List<Twin> all() {
        List<Twin> list = new ArrayList<>(twins.values());
        list.sort(Comparator.comparingLong(twin -> Integer.toUnsignedLong(twin.id())));
        return list;
    }

    public int size() {
        return twins.size();
    }
}
