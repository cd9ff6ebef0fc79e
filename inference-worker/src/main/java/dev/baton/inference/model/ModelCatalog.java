package dev.baton.inference.model;

import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.messages.ObjectRef;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What is published, as the worker has seen it on the compacted model topics: the versions of
 * every model with their bundle references, where every alias points, and which versions were
 * deleted. A deleted version stays deleted: a publication of it read later (a replay of the
 * model-published topic before compaction) is ignored. Thread-safe.
 */
public final class ModelCatalog {

    private final Map<String, NavigableMap<Integer, ObjectRef>> versions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> aliases = new ConcurrentHashMap<>();
    private final Set<ModelVersion> deleted = ConcurrentHashMap.newKeySet();

    /** @param published a version became available (ignored when the version was deleted) */
    public void add(ModelPublished published) {
        if (deleted.contains(new ModelVersion(published.modelName(), published.version()))) {
            return;
        }
        versions.computeIfAbsent(published.modelName(), m -> new ConcurrentSkipListMap<>())
                .put(published.version(), published.bundle());
    }

    /** @param changed an alias moved */
    public void add(ModelAliasChanged changed) {
        aliases.computeIfAbsent(changed.modelName(), m -> new ConcurrentHashMap<>())
                .put(changed.alias(), changed.version());
    }

    /** @param deletion a version was deleted: it is forgotten and never added again */
    public void remove(ModelVersionDeleted deletion) {
        deleted.add(new ModelVersion(deletion.modelName(), deletion.version()));
        versions.computeIfAbsent(deletion.modelName(), m -> new ConcurrentSkipListMap<>()).remove(deletion.version());
    }

    /** @return whether the version was deleted */
    public boolean isDeleted(ModelVersion version) {
        return deleted.contains(version);
    }

    /** @return the newest published version of a model that is not deleted */
    public Optional<Integer> latest(String model) {
        NavigableMap<Integer, ObjectRef> v = versions.get(model);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.lastKey());
    }

    /** @return the version an alias points at */
    public Optional<Integer> alias(String model, String alias) {
        Map<String, Integer> a = aliases.get(model);
        return a == null ? Optional.empty() : Optional.ofNullable(a.get(alias));
    }

    /** @return the bundle of a version seen on the topic */
    public Optional<ObjectRef> bundle(ModelVersion version) {
        NavigableMap<Integer, ObjectRef> v = versions.get(version.model());
        return v == null ? Optional.empty() : Optional.ofNullable(v.get(version.version()));
    }

    /** @return whether anything about the model has been seen */
    public boolean knows(String model) {
        return versions.containsKey(model) || aliases.containsKey(model);
    }

    /** @return every model seen */
    public Set<String> models() {
        Set<String> all = ConcurrentHashMap.newKeySet();
        all.addAll(versions.keySet());
        all.addAll(aliases.keySet());
        return all;
    }
}
