package dev.baton.inference.model;

import dev.baton.inference.metrics.InferenceMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The model versions a worker serves, as one façade over three parts: {@link VersionResolver}
 * (what a request names → a version), {@link ModelLoads} (background loads, remembered failures)
 * and {@link LoadedVersions} (references, defaults, eviction). {@link #acquire} is the request
 * path through all three.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final int ACQUIRE_ATTEMPTS = 3;

    private final VersionResolver resolver;
    private final LoadedVersions versions;
    private final ModelLoads loads;

    /**
     * @param catalog what is published
     * @param loader fetches and loads bundles
     * @param maxLoaded the most versions in memory
     * @param metrics meters
     * @param failureListener told about every failed load
     */
    public ModelRegistry(ModelCatalog catalog, ModelLoader loader, int maxLoaded, InferenceMetrics metrics,
            Consumer<ModelLoadFailed> failureListener) {
        this.resolver = new VersionResolver(catalog);
        this.versions = new LoadedVersions(maxLoaded, catalog::isDeleted);
        this.loads = new ModelLoads(resolver, loader, versions, metrics, failureListener, Clock.systemUTC());
    }

    /**
     * Resolves a request's selector and takes a reference on the version that will serve it, loading
     * it when it is not in memory. The future fails with {@link UnknownModelException} or
     * {@link ModelLoadException}.
     *
     * @param model the model
     * @param version a pinned version, or null
     * @param alias an alias, or null
     * @param policy the model's default policy, used when neither is given
     * @return the acquired version: release it when done
     */
    public CompletableFuture<LoadedModel> acquire(String model, Integer version, String alias, ServingPolicy policy) {
        if (version == null && alias == null) {
            for (int i = 0; i < ACQUIRE_ATTEMPTS; i++) {
                Optional<LoadedModel> current = versions.acquireDefault(model);
                if (current.isPresent()) {
                    return CompletableFuture.completedFuture(current.get());
                }
            }
        }
        try {
            return acquireVersion(resolver.resolve(model, version, alias, policy), ACQUIRE_ATTEMPTS);
        } catch (UnknownModelException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<LoadedModel> acquireVersion(ModelVersion id, int attempts) {
        Optional<LoadedModel> present = versions.acquire(id);
        if (present.isPresent()) {
            return CompletableFuture.completedFuture(present.get());
        }
        if (attempts == 0) {
            return CompletableFuture.failedFuture(new ModelLoadException(id, "evicted while being acquired", null));
        }
        return loads.load(id).thenCompose(m -> acquireVersion(id, attempts - 1));
    }

    /**
     * @param id the version
     * @return the loaded version; see {@link ModelLoads#load}
     */
    public CompletableFuture<LoadedModel> load(ModelVersion id) {
        return loads.load(id);
    }

    /**
     * @param next the new default
     * @return the previous default, already retired, or null; see {@link LoadedVersions#swapIn}
     */
    public LoadedModel swapIn(LoadedModel next) {
        return versions.swapIn(next);
    }

    /** @param id a deleted version, taken out of memory at once; see {@link LoadedVersions#evict} */
    public void evict(ModelVersion id) {
        versions.evict(id);
    }

    /** @return the default version of a model, if one is loaded */
    public Optional<LoadedModel> serving(String model) {
        return versions.serving(model);
    }

    /** @return the versions in memory */
    public List<ModelVersion> loadedVersions() {
        return versions.versions();
    }

    /** @return whether a version failed recently; see {@link ModelLoads#failedRecently} */
    public boolean failedRecently(ModelVersion id) {
        return loads.failedRecently(id);
    }

    /** @return the load failures, with reasons */
    public Map<ModelVersion, String> failures() {
        return loads.failures();
    }

    /** Stops loading and retires every version. */
    @Override
    public void close() {
        loads.close();
        versions.close();
    }
}
