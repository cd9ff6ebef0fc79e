package dev.baton.inference.model;

import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.inference.metrics.InferenceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The model versions in memory and which of them serves each model by default.
 *
 * <ul>
 *   <li>{@link #acquire} resolves a request's selector (version, alias or neither) to a loaded
 *       version and takes a reference on it, loading the version on demand;</li>
 *   <li>{@link #swapIn} makes a loaded version the default of its model atomically; the previous
 *       one is retired and closes once the requests holding it are done;</li>
 *   <li>at most {@code maxLoaded} versions stay in memory: beyond, the least recently used
 *       version that is nobody's default is retired.</li>
 * </ul>
 * Loads run one at a time on a background thread; a failed load is logged, counted, reported
 * to the failure listener and remembered for {@link #FAILURE_MEMORY} so that requests for it
 * fail fast instead of reloading it.
 */
public final class ModelRegistry implements AutoCloseable {

    /** How long a failed load is remembered before a request may try it again. */
    public static final Duration FAILURE_MEMORY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);
    private static final int ACQUIRE_ATTEMPTS = 3;

    private final ModelCatalog catalog;
    private final ModelLoader loader;
    private final int maxLoaded;
    private final InferenceMetrics metrics;
    private final Consumer<ModelLoadFailed> failureListener;
    private final Clock clock;
    private final ExecutorService loads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "baton-model-loader");
        t.setDaemon(true);
        return t;
    });
    private final Map<ModelVersion, LoadedModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();
    private final Map<ModelVersion, CompletableFuture<LoadedModel>> loading = new ConcurrentHashMap<>();
    private final Map<ModelVersion, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(ModelLoadException error, Instant at) {
    }

    /**
     * @param catalog what is published
     * @param loader fetches and loads bundles
     * @param maxLoaded the most versions in memory
     * @param metrics meters
     * @param failureListener told about every failed load
     */
    public ModelRegistry(ModelCatalog catalog, ModelLoader loader, int maxLoaded, InferenceMetrics metrics,
            Consumer<ModelLoadFailed> failureListener) {
        if (maxLoaded < 1) {
            throw new IllegalArgumentException("maxLoaded must be 1 or more, was " + maxLoaded);
        }
        this.catalog = catalog;
        this.loader = loader;
        this.maxLoaded = maxLoaded;
        this.metrics = metrics;
        this.failureListener = failureListener;
        this.clock = Clock.systemUTC();
    }

    /**
     * Resolves a request's selector and takes a reference on the version that will serve it.
     * The future fails with {@link UnknownModelException} or {@link ModelLoadException}.
     *
     * @param model the model
     * @param version a pinned version, or null
     * @param alias an alias, or null
     * @param policy the model's default policy, used when neither is given
     * @return the acquired version: release it when done
     */
    public CompletableFuture<LoadedModel> acquire(String model, Integer version, String alias, ServingPolicy policy) {
        if (version != null) {
            ModelVersion id = new ModelVersion(model, version);
            if (catalog.isDeleted(id)) {
                return CompletableFuture.failedFuture(deletedError(id));
            }
            return acquireVersion(id, ACQUIRE_ATTEMPTS);
        }
        if (alias != null) {
            Optional<Integer> target = catalog.alias(model, alias);
            if (target.isEmpty()) {
                return CompletableFuture.failedFuture(new UnknownModelException(
                        "model '" + model + "' has no alias '" + alias + "'"));
            }
            return acquireVersion(new ModelVersion(model, target.get()), ACQUIRE_ATTEMPTS);
        }
        for (int i = 0; i < ACQUIRE_ATTEMPTS; i++) {
            LoadedModel current = serving.get(model);
            if (current != null && current.tryAcquire()) {
                return CompletableFuture.completedFuture(current);
            }
        }
        Optional<Integer> target = policy.target(catalog, model);
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownModelException(catalog.knows(model)
                    ? "model '" + model + "' has no version for policy " + policy
                    : "no model named '" + model + "' is published"));
        }
        return acquireVersion(new ModelVersion(model, target.get()), ACQUIRE_ATTEMPTS);
    }

    private CompletableFuture<LoadedModel> acquireVersion(ModelVersion id, int attempts) {
        LoadedModel present = loaded.get(id);
        if (present != null && present.tryAcquire()) {
            return CompletableFuture.completedFuture(present);
        }
        if (attempts == 0) {
            return CompletableFuture.failedFuture(new ModelLoadException(id, "evicted while being acquired", null));
        }
        return load(id).thenCompose(m -> acquireVersion(id, attempts - 1));
    }

    /**
     * Loads a version in the background unless it is loaded (or loading) already.
     *
     * @param id the version
     * @return the loaded version (the future fails with {@link ModelLoadException} or {@link UnknownModelException})
     */
    public CompletableFuture<LoadedModel> load(ModelVersion id) {
        LoadedModel present = loaded.get(id);
        if (present != null && !present.isRetired()) {
            return CompletableFuture.completedFuture(present);
        }
        Failure failure = failures.get(id);
        if (failure != null && failure.at().plus(FAILURE_MEMORY).isAfter(clock.instant())) {
            return CompletableFuture.failedFuture(failure.error());
        }
        CompletableFuture<LoadedModel> created = new CompletableFuture<>();
        CompletableFuture<LoadedModel> running = loading.putIfAbsent(id, created);
        if (running != null) {
            return running;
        }
        loads.execute(() -> {
            try {
                created.complete(loadNow(id));
            } catch (ModelLoadException e) {
                failures.put(id, new Failure(e, clock.instant()));
                metrics.loadFailed();
                LOG.errorf("model %s failed to load, what served before keeps serving: %s", id, e.getMessage());
                failureListener.accept(new ModelLoadFailed(id, e.getMessage(), clock.instant()));
                created.completeExceptionally(e);
            } catch (UnknownModelException | RuntimeException e) {
                created.completeExceptionally(e);
            } finally {
                loading.remove(id, created);
            }
        });
        return created;
    }

    private LoadedModel loadNow(ModelVersion id) throws ModelLoadException, UnknownModelException {
        LoadedModel present = loaded.get(id);
        if (present != null && !present.isRetired()) {
            return present;
        }
        if (catalog.isDeleted(id)) {
            throw deletedError(id);
        }
        ObjectRef bundle = catalog.bundle(id).orElseGet(() -> ObjectKeys.modelVersion(id.model(), id.version()));
        if (catalog.bundle(id).isEmpty() && !loader.isPublished(bundle)) {
            throw new UnknownModelException(catalog.knows(id.model())
                    ? "model '" + id.model() + "' has no published version " + id.version()
                    : "no model named '" + id.model() + "' is published");
        }
        long start = System.nanoTime();
        LoadedModel model = loader.load(id, bundle, () -> metrics.closed(id.model(), id.version()));
        metrics.loaded(id.model(), id.version());
        loaded.put(id, model);
        if (catalog.isDeleted(id)) {
            evict(id);
            throw deletedError(id);
        }
        LOG.infof("model %s loaded and warmed up in %d ms", id, (System.nanoTime() - start) / 1_000_000);
        evictBeyondLimit();
        return model;
    }

    /**
     * Makes a loaded version the default of its model. Requests that hold the previous default
     * finish on it; it closes after the last one. Synchronized with {@link #evict}, so a version
     * deleted while it was being swapped in never stays the default.
     *
     * @param next the new default
     * @return the previous default, already retired, or null
     */
    public synchronized LoadedModel swapIn(LoadedModel next) {
        if (next.isRetired() || catalog.isDeleted(next.id())) {
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
     * that hold it finish on it, and it closes after the last one. Nothing loads it again (see
     * {@link ModelCatalog#isDeleted}).
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

    private static UnknownModelException deletedError(ModelVersion id) {
        return new UnknownModelException("model '" + id.model() + "' version " + id.version()
                + " was deleted and is not served");
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

    /** @return the versions in memory */
    public List<ModelVersion> loadedVersions() {
        return loaded.keySet().stream()
                .sorted(Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version)).toList();
    }

    /** @return whether a version failed recently */
    public boolean failedRecently(ModelVersion id) {
        Failure failure = failures.get(id);
        return failure != null && failure.at().plus(FAILURE_MEMORY).isAfter(clock.instant());
    }

    /** @return the recent load failures, with reasons */
    public Map<ModelVersion, String> failures() {
        Map<ModelVersion, String> out = new java.util.TreeMap<>(
                Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version));
        failures.forEach((k, v) -> out.put(k, v.error().getMessage()));
        return out;
    }

    /** Retires every version and stops loading. */
    @Override
    public void close() {
        loads.shutdownNow();
        serving.clear();
        loaded.values().forEach(LoadedModel::retire);
        loaded.clear();
    }
}
