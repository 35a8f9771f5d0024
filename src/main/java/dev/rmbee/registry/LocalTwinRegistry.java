package dev.rmbee.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An in-memory registry of twins an administrator manages (and that a file can preload), each
 * remembered with where it came from ({@link TwinSource#FILE} or {@link TwinSource#ADMIN}).
 * Lookups never lock; changes are serialized, so a reload of the files is one consistent step
 * among the administrator's changes.
 */
public final class LocalTwinRegistry implements TwinRegistry {

    /** A twin of this registry and where it came from. */
    public record Entry(Twin twin, TwinSource source) {}

    /**
     * What a reload of the registry files changed.
     *
     * @param loaded twins the files hold
     * @param added ids that were not in the registry
     * @param changed ids whose twin differs from before, or that the administrator had put
     * @param removed twins of the earlier files that the files no longer hold
     */
    public record Reload(int loaded, int added, int changed, int removed) {}

    private final ConcurrentMap<Integer, Entry> twins = new ConcurrentHashMap<>();

    public LocalTwinRegistry() {}

    /** With {@code initial} as an administrator's twins. */
    public LocalTwinRegistry(Collection<Twin> initial) {
        initial.forEach(this::put);
    }

    @Override
    public Optional<Twin> find(int twinId) {
        Entry entry = twins.get(twinId);
        return entry == null ? Optional.empty() : Optional.of(entry.twin());
    }

    /**
     * The twin with this account; when several twins share it (a hand-written registry file may
     * do that, the chain does not), the lowest id. A scan over all twins: this runs once at a
     * peer's start, not per message.
     */
    @Override
    public OptionalInt findIdByAccount(byte[] account) {
        return twins.values().stream()
                .map(Entry::twin)
                .filter(twin -> Arrays.equals(twin.account(), account))
                .mapToInt(Twin::id)
                .reduce((a, b) -> Integer.compareUnsigned(a, b) <= 0 ? a : b);
    }

    /** Adds or replaces a twin as the administrator's; returns the previous record, if any. */
    public synchronized Optional<Twin> put(Twin twin) {
        Entry previous = twins.put(twin.id(), new Entry(twin, TwinSource.ADMIN));
        return previous == null ? Optional.empty() : Optional.of(previous.twin());
    }

    public synchronized Optional<Twin> remove(int twinId) {
        Entry removed = twins.remove(twinId);
        return removed == null ? Optional.empty() : Optional.of(removed.twin());
    }

    /**
     * Makes {@code fileTwins} the twins of the registry files: each id they hold gets their twin
     * (also over one the administrator put), the earlier files' twins they no longer hold go, the
     * administrator's other twins stay.
     */
    public synchronized Reload replaceFileTwins(Collection<Twin> fileTwins) {
        int added = 0;
        int changed = 0;
        Set<Integer> ids = new HashSet<>();
        for (Twin twin : fileTwins) {
            ids.add(twin.id());
            Entry previous = twins.put(twin.id(), new Entry(twin, TwinSource.FILE));
            if (previous == null) {
                added++;
            } else if (previous.source() != TwinSource.FILE || !previous.twin().equals(twin)) {
                changed++;
            }
        }
        int before = twins.size();
        twins.entrySet()
                .removeIf(entry -> entry.getValue().source() == TwinSource.FILE && !ids.contains(entry.getKey()));
        return new Reload(ids.size(), added, changed, before - twins.size());
    }

    /** The twin with this id and where it came from. */
    public Optional<Entry> entry(int twinId) {
        return Optional.ofNullable(twins.get(twinId));
    }

    /** All twins, ordered by id. */
    public List<Twin> all() {
        return entries().stream().map(Entry::twin).toList();
    }

    /** All twins with where each came from, ordered by id. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(twins.values());
        list.sort(Comparator.comparingLong(
                entry -> Integer.toUnsignedLong(entry.twin().id())));
        return list;
    }

    public int size() {
        return twins.size();
    }
}
