package dev.baton.inference.model;

import dev.baton.contracts.messages.ObjectRef;
import dev.baton.inference.metrics.InferenceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Loads versions into {@link LoadedVersions}, one at a time on a background thread, each version
 * once however many ask for it at the same time. A failed load is logged, counted, published to the
 * failure listener and remembered for {@link #FAILURE_MEMORY}: until then every request or swap that
 * wants the version fails fast with the same error instead of loading it again (a newer version, once
 * published, loads as usual).
 */
public final class ModelLoads implements AutoCloseable {

    /** How long a failed load is remembered before a request may try it again. */
    public static final Duration FAILURE_MEMORY = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(ModelLoads.class);

    private final VersionResolver resolver;
    private final ModelLoader loader;
    private final LoadedVersions versions;
    private final InferenceMetrics metrics;
    private final Consumer<ModelLoadFailed> failureListener;
    private final Clock clock;
    private final ExecutorService loads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "baton-model-loader");
        t.setDaemon(true);
        return t;
    });
    private final Map<ModelVersion, CompletableFuture<LoadedModel>> loading = new ConcurrentHashMap<>();
    private final Map<ModelVersion, Failure> failures = new ConcurrentHashMap<>();

    private record Failure(ModelLoadException error, Instant at) {
    }

    /**
     * @param resolver where each version's bundle is
     * @param loader fetches and loads bundles
     * @param versions takes every loaded version
     * @param metrics meters
     * @param failureListener told about every failed load
     * @param clock when failures happen and are forgotten
     */
    public ModelLoads(VersionResolver resolver, ModelLoader loader, LoadedVersions versions, InferenceMetrics metrics,
            Consumer<ModelLoadFailed> failureListener, Clock clock) {
        this.resolver = resolver;
        this.loader = loader;
        this.versions = versions;
        this.metrics = metrics;
        this.failureListener = failureListener;
        this.clock = clock;
    }

    /**
     * Loads a version in the background unless it is loaded (or loading) already, or failed recently.
     *
     * @param id the version
     * @return the loaded version (the future fails with {@link ModelLoadException} or {@link UnknownModelException})
     */
    public CompletableFuture<LoadedModel> load(ModelVersion id) {
        var present = versions.present(id);
        if (present.isPresent()) {
            return CompletableFuture.completedFuture(present.get());
        }
        Failure failure = failures.get(id);
        if (failure != null && remembered(failure)) {
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
        var present = versions.present(id);
        if (present.isPresent()) {
            return present.get();
        }
        ObjectRef bundle = resolver.bundle(id, loader::isPublished);
        long start = System.nanoTime();
        LoadedModel model = loader.load(id, bundle, () -> metrics.closed(id.model(), id.version()));
        metrics.loaded(id.model(), id.version());
        if (!versions.add(model)) {
            throw VersionResolver.deleted(id);
        }
        LOG.infof("model %s loaded and warmed up in %d ms", id, (System.nanoTime() - start) / 1_000_000);
        return model;
    }

    private boolean remembered(Failure failure) {
        return failure.at().plus(FAILURE_MEMORY).isAfter(clock.instant());
    }

    /** @return whether a version failed to load within the last {@link #FAILURE_MEMORY} */
    public boolean failedRecently(ModelVersion id) {
        Failure failure = failures.get(id);
        return failure != null && remembered(failure);
    }

    /** @return the load failures seen (a version that loaded later is still listed), with reasons */
    public Map<ModelVersion, String> failures() {
        Map<ModelVersion, String> out = new TreeMap<>(
                Comparator.comparing(ModelVersion::model).thenComparingInt(ModelVersion::version));
        failures.forEach((k, v) -> out.put(k, v.error().getMessage()));
        return out;
    }

    /** Stops loading (a load in progress is interrupted). */
    @Override
    public void close() {
        loads.shutdownNow();
    }
}
