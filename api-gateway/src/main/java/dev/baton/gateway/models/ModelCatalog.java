package dev.baton.gateway.models;

import dev.baton.contracts.messages.Names;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.gateway.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Models and their versions as published in the object store ({@code baton-models/models/<model>/<version>/}). */
@ApplicationScoped
public class ModelCatalog {
    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final AliasView aliases;

    ModelCatalog(ObjectStore store, AtomicPublisher publisher, AliasView aliases) {
        this.store = store;
        this.publisher = publisher;
        this.aliases = aliases;
    }

    /** @return every model with at least one complete version */
    public List<ModelSummary> list() {
        List<ModelSummary> models = new ArrayList<>();
        for (String prefix : store.listPrefixes(ObjectKeys.MODELS_BUCKET, "models/")) {
            String name = prefix.substring("models/".length(), prefix.length() - 1);
            if (Names.isValidName(name)) {
                List<ModelVersion> versions = versions(name);
                if (!versions.isEmpty()) {
                    models.add(new ModelSummary(name, versions.get(versions.size() - 1).version(), versions.size(),
                            aliases.of(name)));
                }
            }
        }
        return models;
    }

    /** @return the complete versions of a model, oldest first (empty when none) */
    public List<ModelVersion> versions(String model) {
        Map<String, Integer> pointing = aliases.of(model);
        List<ModelVersion> versions = new ArrayList<>();
        for (String prefix : store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(model))) {
            int version;
            try {
                version = ObjectKeys.versionOf(prefix);
            } catch (NumberFormatException e) {
                continue;
            }
            publisher.readComplete(ObjectKeys.MODELS_BUCKET, prefix).ifPresent(record -> versions.add(
                    new ModelVersion(model, version, record.publishedAt(), record.attributes(),
                            record.files().stream().map(PublishRecord.PublishedFile::path).toList(),
                            pointing.entrySet().stream().filter(e -> e.getValue() == version).map(Map.Entry::getKey)
                                    .toList())));
        }
        return versions;
    }

    /** @return one complete version */
    public ModelVersion version(String model, int version) {
        return versions(model).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new NotFoundException("version", model + " v" + version));
    }

    /** Streams a version's bundle as a zip, one file at a time. */
    public void writeBundle(ModelVersion version, OutputStream out) throws IOException {
        String prefix = ObjectKeys.modelVersionPrefix(version.model(), version.version());
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String file : version.files()) {
                zip.putNextEntry(new ZipEntry(file));
                try (InputStream in = store.open(ObjectKeys.MODELS_BUCKET, prefix + file)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }
}
