package dev.baton.inference.events;

import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelReconciler;
import dev.baton.inference.model.ModelVersion;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.ReplayedTopic;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Keeps the {@link ModelCatalog} current from the compacted model topics, each read from the
 * beginning by a {@link ReplayedTopic} (no group, so every worker sees every record), and tells the
 * {@link ModelReconciler} about each change once the topics have caught up. A deleted version is
 * evicted as soon as its deletion is read. {@link #start} completes once every topic was read up to
 * its end offsets at start and every followed model's current version was loaded (or failed, and was
 * reported). Each replay is watched by {@link BackgroundHealth} (liveness DOWN once one stops for
 * good), and {@link #isReady()} is false until the start is done and whenever a replay has stopped.
 */
public final class ModelEventsFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelEventsFollower.class);

    private final ModelCatalog catalog;
    private final ModelReconciler reconciler;
    private final List<ReplayedTopic<?>> replays;
    private final CompletableFuture<Void> startup = new CompletableFuture<>();
    private volatile boolean following;

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topics the model topics
     * @param clientId the client id prefix (each topic's consumer adds the topic)
     * @param catalog kept current
     * @param reconciler told about every change
     */
    public ModelEventsFollower(KafkaConnection kafka, ModelTopics topics, String clientId, ModelCatalog catalog,
            ModelReconciler reconciler) {
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.replays = List.of(
                new ReplayedTopic<>(kafka, topics.published(), ModelPublished.class, this::published,
                        clientId + "-" + topics.published()),
                new ReplayedTopic<>(kafka, topics.aliases(), ModelAliasChanged.class, this::aliasMoved,
                        clientId + "-" + topics.aliases()),
                new ReplayedTopic<>(kafka, topics.deletions(), ModelVersionDeleted.class, this::deleted,
                        clientId + "-" + topics.deletions()));
    }

    /**
     * Starts following; {@code health} watches each topic's replay.
     *
     * @return completes when the current versions at start-up are loaded (or reported failed); fails
     *     when a replay stops for good before
     */
    public CompletableFuture<Void> start(BackgroundHealth health) {
        List<CompletableFuture<Void>> caughtUp = replays.stream().map(replay -> replay.start(health)).toList();
        caughtUp.forEach(topic -> topic.exceptionally(e -> {
            LOG.error("model topics could not be followed; new versions are not served", e);
            startup.completeExceptionally(e);
            return null;
        }));
        CompletableFuture.allOf(caughtUp.toArray(CompletableFuture[]::new)).thenRun(() -> {
            // From now on every change is reconciled; what was read before is in the catalog for reconcileAll.
            following = true;
            LOG.infof("model topics read: %d models known; loading their current versions", catalog.models().size());
            reconciler.reconcileAll().whenComplete((v, e) -> startup.complete(null));
        });
        return startup;
    }

    private void published(ModelPublished published) {
        catalog.add(published);
        changed(published.modelName());
    }

    private void aliasMoved(ModelAliasChanged alias) {
        catalog.add(alias);
        changed(alias.modelName());
    }

    private void deleted(ModelVersionDeleted deleted) {
        catalog.remove(deleted);
        reconciler.evict(new ModelVersion(deleted.modelName(), deleted.version()));
        changed(deleted.modelName());
    }

    private void changed(String model) {
        if (following) {
            reconciler.reconcile(model);
        }
    }

    /** @return whether the start is done and every topic is still followed */
    public boolean isReady() {
        return startup.isDone() && !startup.isCompletedExceptionally() && replays.stream().allMatch(ReplayedTopic::isReady);
    }

    /** @return what stopped the follower for good (the first stopped topic, and why), or empty while it follows */
    public Optional<String> failure() {
        return replays.stream().flatMap(r -> r.failure().map(reason -> r.topic() + ": " + reason).stream()).findFirst();
    }

    /** Stops following every topic. */
    @Override
    public void close() {
        for (ReplayedTopic<?> replay : replays) {
            try {
                replay.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
