package dev.baton.inference.model;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The versions in memory, the default of each model, and when a version leaves memory. Each
 * {@link LoadedModel} is reference counted: this class holds one reference, each request another,
 * and leaving memory only drops this class's ({@link LoadedModel#retire()}), so a version closes
 * after the last request holding it, and a hot swap, an eviction or a deletion never fails a request
 * in flight. Versions leave memory when
 * <ul>
 *   <li>a newer default is swapped in ({@link #swapIn}),</li>
 *   <li>they are deleted ({@link #evict}; a deleted version is never taken in again), or</li>
 *   <li>more than {@code maxLoaded} are in memory: the least recently used one that is nobody's
 *       default, was handed over to whoever asked for it, and is held by no request.</li>
 * </ul>
 */
public final class LoadedVersions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadedVersions.class);

    private final int maxLoaded;
    private final Predicate<ModelVersion> deleted;
    private final Map<ModelVersion, LoadedModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();

    /**
     * @param maxLoaded the most versions in memory (defaults and versions in use may exceed it for a while)
     * @param deleted whether a version was deleted
     */
    public LoadedVersions(int maxLoaded, Predicate<ModelVersion> deleted) {
        if (maxLoaded < 1) {
            throw new IllegalArgumentException("maxLoaded must be 1 or more, was " + maxLoaded);
        }
        this.maxLoaded = maxLoaded;
        this.deleted = deleted;
    }

    /**
     * Takes a version just loaded into memory, then evicts beyond the limit (never the new version,
     * which is not handed over yet). A version deleted while it was loading is retired at once.
     *
     * @param model the loaded version, holding its first reference
     * @return false when the version was deleted and is not kept
     */
    public boolean add(LoadedModel model) {
        loaded.put(model.id(), model);
        if (deleted.test(model.id())) {
            evict(model.id());
            return false;
        }
        evictBeyondLimit();
        return true;
    }

    /** @return the version if it is in memory and not retired */
    public Optional<LoadedModel> present(ModelVersion id) {
        LoadedModel present = loaded.get(id);
        return present == null || present.isRetired() ? Optional.empty() : Optional.of(present);
    }

    /**
     * Takes a reference on a version in memory.
     *
     * @return the version, acquired (release it when done); empty when it is not in memory or just closed
     */
    public Optional<LoadedModel> acquire(ModelVersion id) {
        LoadedModel present = loaded.get(id);
        return present != null && present.tryAcquire() ? Optional.of(present) : Optional.empty();
    }

    /**
     * Takes a reference on a model's default version.
     *
     * @return the default, acquired (release it when done); empty when there is none or it was just closed
     */
    public Optional<LoadedModel> acquireDefault(String model) {
        LoadedModel current = serving.get(model);
        return current != null && current.tryAcquire() ? Optional.of(current) : Optional.empty();
    }

    /**
     * Makes a loaded version the default of its model. Requests that hold the previous default
     * finish on it; it closes after the last one. Synchronized with {@link #evict}, so a version
     * deleted while it was being swapped in never stays the default.
     *
     * @param next the new default
     * @return the previous default, already retired, or null
     * @throws IllegalStateException when {@code next} was retired or deleted meanwhile
     */
    public synchronized LoadedModel swapIn(LoadedModel next) {
        if (next.isRetired() || deleted.test(next.id())) {
            throw new IllegalStateException(next + " was retired or deleted before it could be swapped in");
        }
        next.handOver();
        LoadedModel previous = serving.put(next.id().model(), next);
        if (previous != null && previous != next) {
            loaded.remove(previous.id(), previous);
            previous.retire();
            LOG.infof("model %s now serves %s (was %s)", next.id().model(), next.id(), previous.id());
        } else if (previous == null) {
            LOG.infof("model %s now serves %s", next.id().model(), next.id());
        }
        return previous == next ? null : previous;
    }

    /**
     * Takes a deleted version out of memory at once: it stops being its model's default, requests
     * that hold it finish on it, and it closes after the last one.
     *
     * @param id the deleted version
     */
    public synchronized void evict(ModelVersion id) {
        LoadedModel present = loaded.remove(id);
        LoadedModel[] wasDefault = new LoadedModel[1];
        serving.computeIfPresent(id.model(), (model, current) -> {
            if (current.id().equals(id)) {
                wasDefault[0] = current;
                return null;
            }
            return current;
        });
        for (LoadedModel gone : new LoadedModel[] {present, wasDefault[0]}) {
            if (gone != null && !gone.isRetired()) {
                gone.retire();
                LOG.infof("model %s evicted: the version was deleted", id);
            }
        }
    }

    private synchronized void evictBeyondLimit() {
        while (loaded.size() > maxLoaded) {
            Set<LoadedModel> defaults = new HashSet<>(serving.values());
            Optional<LoadedModel> victim = loaded.values().stream()
                    .filter(m -> !defaults.contains(m) && m.isEvictable())
                    .min(Comparator.comparingLong(LoadedModel::lastUsedNanos));
            if (victim.isEmpty()) {
                // Defaults, versions in use and versions not yet handed over stay; a later load evicts again.
                LOG.warnf("%d versions are loaded, more than the limit of %d, and none can go now (defaults, in use "
                        + "or just loaded)", loaded.size(), maxLoaded);
                return;
            }
            loaded.remove(victim.get().id(), victim.get());
            victim.get().retire();
            LOG.infof("model %s evicted (least recently used, limit %d)", victim.get().id(), maxLoaded);
        }
    }

    /** @return the default version of a model, if one is loaded */
    public Optional<LoadedModel> serving(String model) {
        return Optional.ofNullable(serving.get(model));
    }

    /** @return the versions in memory, by model and version */
    public List<ModelVersion> versions() {
        return loaded.keySet().stream()
                .sorted(Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version)).toList();
    }

    /** Retires every version (each closes once the requests holding it are done). */
    @Override
    public synchronized void close() {
        serving.clear();
        loaded.values().forEach(LoadedModel::retire);
        loaded.clear();
    }
}
