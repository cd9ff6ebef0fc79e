package dev.baton.contracts.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of pretrained bases in object storage: {@code base-models/<name>/} in
 * {@link ObjectKeys#MODELS_BUCKET}, holding the weights in Baton's format and a manifest
 * ({@link #MANIFEST_FILE}: architecture, input size, normalisation, source, licence, provenance,
 * checksum), published atomically. The manifest is read here as JSON only; the transfer engine
 * interprets it, so this class needs no DJL.
 */
public final class BaseModelRegistry {
    /** The manifest file of a registered base. */
    public static final String MANIFEST_FILE = "base-manifest.json";

    private final ObjectStore store;
    private final AtomicPublisher publisher;

    /** @param store the object store */
    public BaseModelRegistry(ObjectStore store) {
        this.store = store;
        this.publisher = new AtomicPublisher(store);
    }

    /**
     * Registers (or replaces) a base from a local folder holding its manifest and weights.
     *
     * @param name the registry name, e.g. {@code mobilenet_v2-imagenet}
     * @param folder the folder with {@link #MANIFEST_FILE} and the weights
     * @return the publish record
     */
    public PublishRecord register(String name, Path folder) {
        if (!Files.isRegularFile(folder.resolve(MANIFEST_FILE))) {
            throw new IllegalArgumentException(folder + " has no " + MANIFEST_FILE);
        }
        String prefix = ObjectKeys.baseModelPrefix(name);
        publisher.unpublish(ObjectKeys.MODELS_BUCKET, prefix);
        return publisher.publishFolder(ObjectKeys.MODELS_BUCKET, prefix, folder, Map.of("base-model", name));
    }

    /** @return whether a complete base of that name is registered */
    public boolean contains(String name) {
        return publisher.readComplete(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(name)).isPresent();
    }

    /** @return the manifest of a registered base, or empty when there is no complete one or it has none */
    public Optional<JsonNode> manifest(String name) {
        return publisher.readComplete(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(name))
                .flatMap(record -> manifest(name, record));
    }

    /**
     * @param name a registered base
     * @param record its complete publish, already read
     * @return the manifest that publish holds, or empty when it has none
     */
    public Optional<JsonNode> manifest(String name, PublishRecord record) {
        if (record.files().stream().noneMatch(f -> f.path().equals(MANIFEST_FILE))) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageCodec.instance().mapper()
                    .readTree(store.read(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(name) + MANIFEST_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest of base model " + name + " is not JSON", e);
        }
    }

    /** @return the names of all completely registered bases, sorted */
    public List<String> list() {
        List<String> names = new ArrayList<>();
        for (String prefix : store.listPrefixes(ObjectKeys.MODELS_BUCKET, "base-models/")) {
            String name = prefix.substring("base-models/".length(), prefix.length() - 1);
            if (contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Downloads a registered base into a local folder (files verified against the publish record's sizes).
     *
     * @return the folder holding the manifest and weights
     * @throws UnknownBaseModelException when no complete base of that name is registered
     */
    public Path download(String name, Path target) {
        String prefix = ObjectKeys.baseModelPrefix(name);
        PublishRecord record = publisher.readComplete(ObjectKeys.MODELS_BUCKET, prefix)
                .orElseThrow(() -> new UnknownBaseModelException(name));
        for (PublishRecord.PublishedFile file : record.files()) {
            Path local = target.resolve(file.path()).normalize();
            if (!local.startsWith(target)) {
                throw new IllegalStateException("base model " + name + " lists a file outside its folder: " + file.path());
            }
            try {
                if (!Files.isRegularFile(local) || Files.size(local) != file.size()) {
                    store.download(ObjectKeys.MODELS_BUCKET, prefix + file.path(), local);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check " + local, e);
            }
        }
        return target;
    }

    /** No complete base of the requested name is registered; the message says how to import one. */
    public static class UnknownBaseModelException extends RuntimeException {
        /** @param name the requested base */
        public UnknownBaseModelException(String name) {
            super("pretrained base '" + name + "' is not registered: import it first, e.g. "
                    + "'deploy/local/baton base import-nsfwjs' for the offline MobileNetV2 base or "
                    + "'deploy/local/baton base import-torchvision FILE --name NAME' for a torchvision export, or use "
                    + "pretrained 'none' with strategy 'full' for a randomly initialised base");
        }
    }
}
