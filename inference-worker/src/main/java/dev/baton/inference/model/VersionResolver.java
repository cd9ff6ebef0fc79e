package dev.baton.inference.model;

import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectKeys;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns what a request names into a model version, from what the {@link ModelCatalog} has seen: a
 * pinned version (refused when it was deleted), an alias (the version it points at), or neither (the
 * version the model's {@link ServingPolicy} wants); and a version into its bundle. Every miss is an
 * {@link UnknownModelException} whose message says what is not published.
 */
public final class VersionResolver {

    private final ModelCatalog catalog;

    /** @param catalog what is published */
    public VersionResolver(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param model the model
     * @param version a pinned version, or null
     * @param alias an alias, or null (ignored when a version is pinned)
     * @param policy the model's default policy, used when neither is given
     * @return the version that serves the request
     * @throws UnknownModelException when the version was deleted, the alias or the model is unknown,
     *     or the policy has no target
     */
    public ModelVersion resolve(String model, Integer version, String alias, ServingPolicy policy)
            throws UnknownModelException {
        if (version != null) {
            ModelVersion id = new ModelVersion(model, version);
            if (catalog.isDeleted(id)) {
                throw deleted(id);
            }
            return id;
        }
        if (alias != null) {
            Optional<Integer> target = catalog.alias(model, alias);
            if (target.isEmpty()) {
                throw new UnknownModelException("model '" + model + "' has no alias '" + alias + "'");
            }
            return new ModelVersion(model, target.get());
        }
        Optional<Integer> target = policy.target(catalog, model);
        if (target.isEmpty()) {
            throw new UnknownModelException(catalog.knows(model)
                    ? "model '" + model + "' has no version for policy " + policy
                    : "no model named '" + model + "' is published");
        }
        return new ModelVersion(model, target.get());
    }

    /**
     * Where a version's bundle is: as published on the topic, else (a version pinned before its
     * publication was read) at its standard key when that holds a complete bundle.
     *
     * @param id the version
     * @param published whether a complete bundle is at a reference
     * @return the bundle
     * @throws UnknownModelException when the version was deleted or is not published
     */
    public ObjectRef bundle(ModelVersion id, Predicate<ObjectRef> published) throws UnknownModelException {
        if (catalog.isDeleted(id)) {
            throw deleted(id);
        }
        Optional<ObjectRef> seen = catalog.bundle(id);
        if (seen.isPresent()) {
            return seen.get();
        }
        ObjectRef standard = ObjectKeys.modelVersion(id.model(), id.version());
        if (!published.test(standard)) {
            throw new UnknownModelException(catalog.knows(id.model())
                    ? "model '" + id.model() + "' has no published version " + id.version()
                    : "no model named '" + id.model() + "' is published");
        }
        return standard;
    }

    /** @return whether the version was deleted (it is never loaded again) */
    public boolean isDeleted(ModelVersion id) {
        return catalog.isDeleted(id);
    }

    /** @return the error for a request or load of a deleted version */
    static UnknownModelException deleted(ModelVersion id) {
        return new UnknownModelException("model '" + id.model() + "' version " + id.version()
                + " was deleted and is not served");
    }
}
