package dev.baton.gateway.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.Names;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets in the object store: a dataset exists once its prefix is completely published
 * ({@code datasets/<name>/_publish.json}, written last); its {@code report.json} describes it.
 * Deleting one removes everything under its prefix, test split included, so a dataset uploaded
 * again under the same name holds only the new upload's images.
 */
@ApplicationScoped
public class DatasetCatalog {
    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final ObjectMapper mapper = MessageCodec.instance().mapper();

    DatasetCatalog(ObjectStore store, AtomicPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    /** @return whether a complete dataset of that name is published */
    public boolean isPublished(String name) {
        return publisher.readComplete(ObjectKeys.DATA_BUCKET, prefix(name)).isPresent();
    }

    /** @return every published dataset, by name */
    public List<DatasetReport> list() {
        List<DatasetReport> all = new ArrayList<>();
        for (String prefix : store.listPrefixes(ObjectKeys.DATA_BUCKET, "datasets/")) {
            String name = prefix.substring("datasets/".length(), prefix.length() - 1);
            if (Names.isValidName(name)) {
                find(name).ifPresent(all::add);
            }
        }
        return all;
    }

    /**
     * @return the report of a published dataset; one published by other means than the gateway
     *     (no {@code report.json}) is described from its completion record
     */
    public Optional<DatasetReport> find(String name) {
        Optional<PublishRecord> record = publisher.readComplete(ObjectKeys.DATA_BUCKET, prefix(name));
        if (record.isEmpty()) {
            return Optional.empty();
        }
        boolean hasReport = record.get().files().stream().anyMatch(f -> f.path().equals(DatasetReport.FILE));
        if (!hasReport) {
            return Optional.of(describe(name, record.get()));
        }
        try {
            return Optional.of(mapper.readValue(store.read(ObjectKeys.DATA_BUCKET, prefix(name) + DatasetReport.FILE),
                    DatasetReport.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report of dataset " + name, e);
        }
    }

    private static DatasetReport describe(String name, PublishRecord record) {
        String images = ObjectKeys.datasetImagesPrefix(name).substring(prefix(name).length());
        ImageCounts counts = new ImageCounts();
        for (PublishRecord.PublishedFile file : record.files()) {
            if (file.path().startsWith(images)) {
                ObjectKeys.parseDatasetImage(file.path().substring(images.length()))
                        .ifPresent(image -> counts.add(image.split(), image.className(), file.size()));
            }
        }
        return counts.report(name, List.of(), record.publishedAt());
    }

    /** @throws ConflictException when anything lies under the dataset's prefix already */
    public void requireFree(String name) {
        if (!store.list(ObjectKeys.DATA_BUCKET, prefix(name)).isEmpty()) {
            throw new ConflictException("dataset '" + name + "' exists (or is being uploaded); delete it first");
        }
    }

    /**
     * Checks the images already under {@code datasets/<name>/images/<class>/} (or its
     * {@code train/} and {@code test/} folders), then writes the report and seals the prefix.
     *
     * @return the report
     */
    public DatasetReport register(String name) {
        String images = ObjectKeys.datasetImagesPrefix(name);
        if (isPublished(name)) {
            throw new ConflictException("dataset '" + name + "' is already published");
        }
        ImageCounts counts = new ImageCounts();
        List<DatasetReport.Skipped> skipped = new ArrayList<>();
        for (var object : store.list(ObjectKeys.DATA_BUCKET, images)) {
            String path = object.key().substring(images.length());
            Optional<ObjectKeys.DatasetImage> image = ObjectKeys.parseDatasetImage(path)
                    .filter(i -> ImageFiles.isImageName(path.substring(path.lastIndexOf('/') + 1)));
            if (image.isPresent()) {
                counts.requireSameLayout(image.get().split(), path);
                counts.add(image.get().split(), image.get().className(), object.size());
            } else {
                skipped.add(new DatasetReport.Skipped(object.key(), "not an image of a class folder"));
            }
        }
        counts.requireUsableSplits();
        return publish(name, counts.report(name, skipped, Instant.now()));
    }

    /**
     * Validates the report (at least two classes), writes it and seals the dataset.
     *
     * @return the report
     */
    public DatasetReport publish(String name, DatasetReport report) {
        if (report.classes().size() < 2) {
            throw new InvalidInputException("file", "a dataset needs at least two classes with images; found "
                    + report.classes().keySet());
        }
        try {
            store.put(ObjectKeys.DATA_BUCKET, prefix(name) + DatasetReport.FILE, mapper.writeValueAsBytes(report),
                    "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        publisher.seal(ObjectKeys.DATA_BUCKET, prefix(name), Map.of(
                "classes", String.valueOf(report.classes().size()), "images", String.valueOf(report.images()),
                "testImages", String.valueOf(report.testImages())));
        return report;
    }

    /** Deletes a dataset: its completion record first, then its objects. */
    public void delete(String name) {
        if (!isPublished(name)) {
            throw new NotFoundException("dataset", name);
        }
        publisher.unpublish(ObjectKeys.DATA_BUCKET, prefix(name));
    }

    /** Removes whatever an upload left under the dataset's prefix. */
    public void discard(String name) {
        store.deletePrefix(ObjectKeys.DATA_BUCKET, prefix(name));
    }

    private static String prefix(String name) {
        if (!Names.isValidName(name)) {
            throw new InvalidInputException("name", Names.NAME_MESSAGE + ", without '..'");
        }
        return ObjectKeys.datasetPrefix(name);
    }
}
