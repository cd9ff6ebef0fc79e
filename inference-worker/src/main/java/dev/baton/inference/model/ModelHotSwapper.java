package dev.baton.inference.model;

import dev.baton.inference.metrics.InferenceMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Keeps every followed model's default version where its {@link ServingPolicy} says: when a
 * version is published or an alias moves, it loads and warms up the target version in the
 * background, then swaps it in (see {@link ModelRegistry#swapIn}). Reconciliations run one at a
 * time and each looks at the catalog when it runs, so a burst of publications loads only the
 * newest. A failed load leaves the previous version serving.
 */
public final class ModelHotSwapper implements ModelReconciler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelHotSwapper.class);

    private final ModelRegistry registry;
    private final ModelCatalog catalog;
    private final Function<String, ServingPolicy> policies;
    private final Pattern include;
    private final InferenceMetrics metrics;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "baton-model-swapper");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param registry the loaded versions
     * @param catalog what is published
     * @param policies the policy of each model
     * @param include which models this worker follows
     * @param metrics meters
     */
    public ModelHotSwapper(ModelRegistry registry, ModelCatalog catalog, Function<String, ServingPolicy> policies,
            Pattern include, InferenceMetrics metrics) {
        this.registry = registry;
        this.catalog = catalog;
        this.policies = policies;
        this.include = include;
        this.metrics = metrics;
    }

    /**
     * Brings one model to its policy's target in the background.
     *
     * @param model the model
     * @return done when the model is reconciled (whether or not the load succeeded)
     */
    @Override
    public CompletableFuture<Void> reconcile(String model) {
        if (!include.matcher(model).matches()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> reconcileNow(model), worker);
    }

    /** @return done when every known model is reconciled */
    @Override
    public CompletableFuture<Void> reconcileAll() {
        List<CompletableFuture<Void>> all = catalog.models().stream().sorted().map(this::reconcile).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void reconcileNow(String model) {
        Optional<Integer> target = policies.apply(model).target(catalog, model);
        if (target.isEmpty()) {
            return;
        }
        ModelVersion wanted = new ModelVersion(model, target.get());
        Optional<LoadedModel> current = registry.serving(model);
        if (current.isPresent() && current.get().id().equals(wanted)) {
            return;
        }
        if (registry.failedRecently(wanted)) {
            return;
        }
        long start = System.nanoTime();
        try {
            LoadedModel next = registry.load(wanted).get();
            registry.swapIn(next);
            metrics.swapped(System.nanoTime() - start);
        } catch (ExecutionException e) {
            LOG.debugf("no swap to %s: %s", wanted, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            LOG.warnf("no swap to %s: %s", wanted, e.getMessage());
        }
    }

    /**
     * Evicts a deleted version at once (on the caller's thread); a later {@link #reconcile} brings
     * its model to the next target.
     *
     * @param deleted the deleted version
     */
    @Override
    public void evict(ModelVersion deleted) {
        registry.evict(deleted);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
