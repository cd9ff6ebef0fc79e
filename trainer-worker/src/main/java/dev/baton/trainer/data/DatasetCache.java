package dev.baton.trainer.data;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.trainer.metrics.TrainerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a published dataset local: {@code <cache>/<dataset>/<fingerprint>/images/<class>/<file>}.
 * The fingerprint is a hash of the dataset's completion record (file list, sizes, time of
 * publication), so an unchanged dataset is reused without a download and a re-uploaded one is
 * fetched again. A folder is used only once its {@code .complete} marker exists.
 */
public final class DatasetCache {
    private static final String COMPLETE = ".complete";

    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final Path root;
    private final TrainerMetrics metrics;

    /**
     * @param store the object store
     * @param root the cache folder
     * @param metrics download bytes and time
     */
    public DatasetCache(ObjectStore store, Path root, TrainerMetrics metrics) {
        this.store = store;
        this.publisher = new AtomicPublisher(store);
        this.root = root;
        this.metrics = metrics;
    }

    /** What {@link #fetch} returns. @param imagesRoot the local image folder @param downloadedBytes 0 on reuse */
    public record LocalDataset(Path imagesRoot, long downloadedBytes) {}

    /**
     * @param dataset the dataset name
     * @return the local image-folder root ({@code images/}) of the dataset
     * @throws DatasetUnavailableException when the dataset does not exist, is not completely uploaded or has no images
     */
    public LocalDataset fetch(String dataset) throws DatasetUnavailableException {
        long start = System.nanoTime();
        String prefix = ObjectKeys.datasetPrefix(dataset);
        Optional<PublishRecord> record = publisher.readComplete(ObjectKeys.DATA_BUCKET, prefix);
        if (record.isEmpty()) {
            if (store.list(ObjectKeys.DATA_BUCKET, prefix).isEmpty()) {
                throw new DatasetUnavailableException("dataset '" + dataset + "' does not exist: upload it before "
                        + "starting a job on it");
            }
            throw new DatasetUnavailableException("dataset '" + dataset + "' is not completely uploaded (no complete "
                    + "publish record): finish or repeat the upload");
        }
        String imagesDir = ObjectKeys.datasetImagesPrefix(dataset).substring(prefix.length());
        long images = record.get().files().stream().filter(f -> f.path().startsWith(imagesDir)).count();
        if (images == 0) {
            throw new DatasetUnavailableException("dataset '" + dataset + "' has no images: upload class folders "
                    + "of images under images/<class>/");
        }
        try {
            Path folder = root.resolve(dataset).resolve(fingerprint(record.get()));
            if (Files.exists(folder.resolve(COMPLETE))) {
                metrics.datasetDownload(0, Duration.ofNanos(System.nanoTime() - start), true);
                return new LocalDataset(folder.resolve(imagesDir), 0);
            }
            deleteRecursively(root.resolve(dataset));
            long bytes = 0;
            for (PublishRecord.PublishedFile file : record.get().files()) {
                if (!file.path().startsWith(imagesDir)) {
                    continue;
                }
                Path target = folder.resolve(file.path()).normalize();
                if (!target.startsWith(folder)) {
                    throw new DatasetUnavailableException("dataset '" + dataset + "' lists a file outside its folder: "
                            + file.path());
                }
                Files.createDirectories(target.getParent());
                store.download(ObjectKeys.DATA_BUCKET, prefix + file.path(), target);
                bytes += Files.size(target);
            }
            Files.writeString(folder.resolve(COMPLETE), "ok");
            metrics.datasetDownload(bytes, Duration.ofNanos(System.nanoTime() - start), false);
            return new LocalDataset(folder.resolve(imagesDir), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache dataset " + dataset, e);
        }
    }

    private static String fingerprint(PublishRecord record) {
        try {
            byte[] json = MessageCodec.instance().mapper().writeValueAsBytes(record);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a folder tree if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
