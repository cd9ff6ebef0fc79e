package dev.baton.inference.model;

import java.util.concurrent.CompletableFuture;

/**
 * Brings what is served in line with the {@link ModelCatalog} after it changed; told by whoever
 * keeps the catalog current. {@link ModelHotSwapper} is the one the worker uses.
 */
public interface ModelReconciler {

    /**
     * @param model a model whose versions or aliases changed
     * @return done when the model is reconciled (whether or not a load succeeded)
     */
    CompletableFuture<Void> reconcile(String model);

    /** @return done when every known model is reconciled */
    CompletableFuture<Void> reconcileAll();

    /** @param deleted a deleted version, to take out of memory at once */
    void evict(ModelVersion deleted);
}
