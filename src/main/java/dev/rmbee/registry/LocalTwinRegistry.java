package dev.rmbee.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An in-memory registry of the twins of the registry files and of an administrator, in two layers:
 * the files' twins ({@link TwinSource#FILE}), and over them the administrator's changes, each a
 * twin put ({@link TwinSource#ADMIN}) or a deletion that hides the files' twin with that id. Lookups
 * read one concurrent map of the result and never lock; changes are serialized, so a reload of the
 * files is one consistent step among the administrator's changes. Where the administrator's changes
 * are kept (memory, a file, Redis) is an {@link AdminTwinStore}'s business.
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

    // guarded by this
    private final Map<Integer, Twin> fileTwins = new HashMap<>();
    // guarded by this: per id, the administrator's twin, or empty for a deletion
    private final Map<Integer, Optional<Twin>> adminTwins = new HashMap<>();
    // what lookups read: the administrator's changes over the files' twins
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

    /** Adds or replaces a twin as the administrator's; returns the previous twin, if any. */
    public synchronized Optional<Twin> put(Twin twin) {
        return setAdminTwin(twin.id(), Optional.of(twin));
    }

    /**
     * Deletes the twin with this id as the administrator (also one of the files, until a reload
     * of files that hold it); returns the deleted twin, or empty when there was none (nothing changes).
     */
    public synchronized Optional<Twin> remove(int twinId) {
        Optional<Twin> previous = find(twinId);
        if (previous.isPresent()) {
            setAdminTwin(twinId, Optional.empty());
        }
        return previous;
    }

    /**
     * Records the administrator's change for one id: a twin, or empty for a deletion; returns the
     * twin the id had before.
     */
    public synchronized Optional<Twin> setAdminTwin(int twinId, Optional<Twin> twin) {
        twin.ifPresent(put -> {
            if (put.id() != twinId) {
                throw new IllegalArgumentException("twin " + put + " stored under id " + twinId);
            }
        });
        Optional<Twin> previous = find(twinId);
        adminTwins.put(twinId, twin);
        refresh(twinId);
        return previous;
    }

    /** Forgets the administrator's change for one id: the files' twin, if any, shows again. */
    public synchronized void clearAdminTwin(int twinId) {
        adminTwins.remove(twinId);
        refresh(twinId);
    }

    /** The administrator's changes, ordered by id: a twin put, or empty for a deletion. */
    public synchronized Map<Integer, Optional<Twin>> adminTwins() {
        Map<Integer, Optional<Twin>> copy = new TreeMap<>(Integer::compareUnsigned);
        copy.putAll(adminTwins);
        return copy;
    }

    /** Makes {@code changes} the administrator's changes, all of them at once. */
    public synchronized void replaceAdminTwins(Map<Integer, Optional<Twin>> changes) {
        Set<Integer> ids = new HashSet<>(adminTwins.keySet());
        ids.addAll(changes.keySet());
        adminTwins.clear();
        adminTwins.putAll(changes);
        ids.forEach(this::refresh);
    }

    /**
     * Makes {@code fileTwins} the twins of the registry files: each id they hold gets their twin
     * (the administrator's change for that id, a put or a deletion, is forgotten), the earlier
     * files' twins they no longer hold go, the administrator's other changes stay.
     */
    public synchronized Reload replaceFileTwins(Collection<Twin> newFileTwins) {
        return replaceFileTwins(newFileTwins, Map.of());
    }

    /**
     * What the ids a reload with {@code newFileTwins} concerns (theirs and the earlier files') show
     * now: for a store that changes the administrator's twins before the reload takes effect.
     */
    public synchronized Map<Integer, Optional<Entry>> reloadBaseline(Collection<Twin> newFileTwins) {
        Map<Integer, Optional<Entry>> baseline = new HashMap<>();
        fileTwins.keySet().forEach(id -> baseline.put(id, Optional.ofNullable(twins.get(id))));
        newFileTwins.forEach(twin -> baseline.put(twin.id(), Optional.ofNullable(twins.get(twin.id()))));
        return baseline;
    }

    /** {@link #replaceFileTwins(Collection)}, counting changes from {@code baseline} where it has the id. */
    public synchronized Reload replaceFileTwins(Collection<Twin> newFileTwins, Map<Integer, Optional<Entry>> baseline) {
        Map<Integer, Twin> loaded = new HashMap<>();
        newFileTwins.forEach(twin -> loaded.put(twin.id(), twin));
        Set<Integer> ids = new HashSet<>(fileTwins.keySet());
        ids.addAll(loaded.keySet());
        int added = 0;
        int changed = 0;
        int removed = 0;
        for (int id : ids) {
            Entry before = baseline.getOrDefault(id, Optional.ofNullable(twins.get(id)))
                    .orElse(null);
            if (loaded.containsKey(id)) {
                adminTwins.remove(id);
                fileTwins.put(id, loaded.get(id));
            } else {
                fileTwins.remove(id);
            }
            Entry after = refresh(id);
            if (before == null && after != null) {
                added++;
            } else if (before != null && after == null) {
                removed++;
            } else if (before != null && !before.equals(after)) {
                changed++;
            }
        }
        return new Reload(loaded.size(), added, changed, removed);
    }

    /** Sets what lookups see for one id from the two layers; returns it. */
    private Entry refresh(int twinId) {
        Optional<Twin> admin = adminTwins.get(twinId);
        Twin file = fileTwins.get(twinId);
        Entry entry = admin != null
                ? admin.map(twin -> new Entry(twin, TwinSource.ADMIN)).orElse(null)
                : file == null ? null : new Entry(file, TwinSource.FILE);
        if (entry == null) {
            twins.remove(twinId);
        } else {
            twins.put(twinId, entry);
        }
        return entry;
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
