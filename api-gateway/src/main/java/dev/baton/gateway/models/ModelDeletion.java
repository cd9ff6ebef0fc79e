package dev.baton.gateway.models;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.NotFoundException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Deletes model versions so that none is ever half-deleted in a way that serves it: for each
 * version it first publishes {@link ModelVersionDeleted} (inference workers evict the version and
 * never load it again), then, when the version was the model's newest, publishes the newest
 * remaining version again on the compacted model-published topic (so that a worker starting later
 * still finds a "latest"; when no version remains, a tombstone lets compaction drop the model's
 * record), then removes the publish record (readers stop trusting the bundle) and last the
 * bundle's objects. A version an alias points at is refused: the alias must move first.
 * A deletion interrupted half-way is finished by repeating the request.
 */
@ApplicationScoped
public class ModelDeletion {
    private static final Logger LOG = Logger.getLogger(ModelDeletion.class);
    private static final String METRIC_PREFIX = "metric.";

    private final ModelCatalog catalog;
    private final AliasView aliases;
    private final AtomicPublisher publisher;
    private final MutinyEmitter<Record<String, ModelVersionDeleted>> deletions;
    private final MutinyEmitter<Record<String, ModelPublished>> publications;

    ModelDeletion(ModelCatalog catalog, AliasView aliases, AtomicPublisher publisher,
            @Channel("model-deletions") MutinyEmitter<Record<String, ModelVersionDeleted>> deletions,
            @Channel("models-published") MutinyEmitter<Record<String, ModelPublished>> publications) {
        this.catalog = catalog;
        this.aliases = aliases;
        this.publisher = publisher;
        this.deletions = deletions;
        this.publications = publications;
    }

    /**
     * Deletes one version.
     *
     * @param model the model
     * @param version the version
     * @param by who deletes it
     * @throws NotFoundException when the version is not published
     * @throws ConflictException when an alias points at it
     */
    public synchronized void deleteVersion(String model, int version, String by) {
        ModelVersion target = catalog.version(model, version);
        refuseAliased(model, List.of(target));
        List<ModelVersion> versions = catalog.versions(model);
        boolean newest = versions.get(versions.size() - 1).version() == version;
        announce(model, version, by);
        if (newest) {
            versions.stream().filter(v -> v.version() != version).reduce((a, b) -> b)
                    .ifPresentOrElse(this::republish, () -> forget(model));
        }
        remove(model, version);
    }

    /**
     * Deletes every version of a model, newest first.
     *
     * @param model the model
     * @param by who deletes it
     * @return the versions deleted
     * @throws NotFoundException when the model has no published version
     * @throws ConflictException when an alias points at any of its versions
     */
    public synchronized List<Integer> deleteModel(String model, String by) {
        List<ModelVersion> versions = catalog.versions(model);
        if (versions.isEmpty()) {
            throw new NotFoundException("model", model);
        }
        refuseAliased(model, versions);
        List<Integer> numbers = versions.stream().map(ModelVersion::version).sorted((a, b) -> b - a).toList();
        numbers.forEach(v -> announce(model, v, by));
        forget(model);
        numbers.forEach(v -> remove(model, v));
        return numbers;
    }

    private void refuseAliased(String model, List<ModelVersion> targets) {
        Map<String, Integer> pointing = aliases.of(model);
        for (ModelVersion target : targets) {
            List<String> names = pointing.entrySet().stream().filter(e -> e.getValue() == target.version())
                    .map(Map.Entry::getKey).sorted().toList();
            if (!names.isEmpty()) {
                throw new ConflictException("alias " + names.stream().map(n -> "'" + n + "'")
                        .collect(Collectors.joining(", ")) + " of model '" + model + "' points at version "
                        + target.version() + "; move " + (names.size() == 1 ? "it" : "them")
                        + " to another version first");
            }
        }
    }

    private void announce(String model, int version, String by) {
        ModelVersionDeleted deleted = MessageCodec.instance().requireValid(new ModelVersionDeleted(
                BatonMessage.CURRENT_SCHEMA_VERSION, model, version, by, Instant.now()));
        deletions.sendAndAwait(Record.of(deleted.key(), deleted));
    }

    private void republish(ModelVersion remaining) {
        Map<String, Double> metrics = remaining.provenance().entrySet().stream()
                .filter(e -> e.getKey().startsWith(METRIC_PREFIX))
                .collect(Collectors.toMap(e -> e.getKey().substring(METRIC_PREFIX.length()),
                        e -> Double.parseDouble(e.getValue())));
        ModelPublished published = MessageCodec.instance().requireValid(new ModelPublished(
                BatonMessage.CURRENT_SCHEMA_VERSION, remaining.model(), remaining.version(),
                ObjectKeys.modelVersion(remaining.model(), remaining.version()),
                remaining.provenance().get("jobId"), null, null, null, metrics, remaining.publishedAt()));
        publications.sendAndAwait(Record.of(published.modelName(), published));
    }

    /** A tombstone on the model-published topic: no version of the model remains. */
    private void forget(String model) {
        publications.sendAndAwait(Record.of(model, null));
    }

    private void remove(String model, int version) {
        int objects = publisher.unpublish(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, version));
        LOG.infof("model %s v%d deleted (%d objects)", model, version, objects);
    }
}
