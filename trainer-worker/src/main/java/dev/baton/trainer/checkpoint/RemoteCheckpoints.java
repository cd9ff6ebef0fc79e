package dev.baton.trainer.checkpoint;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a job's checkpoints in the object store, at {@code checkpoints/<job>/epoch-NNNN/} in the
 * work bucket, each published atomically (files first, completion record last), so that a trainer
 * that crashed mid-upload leaves the previous checkpoint usable. Older epochs are deleted after a
 * newer one is complete. The local layout is the one {@code dev.baton.transfer.train.CheckpointStore}
 * reads: {@code <root>/epoch-NNNN/...} and {@code <root>/latest.json}.
 */
public final class RemoteCheckpoints {
    private static final String EPOCH_PREFIX = "epoch-";

    private final ObjectStore store;
    private final AtomicPublisher publisher;

    /** @param store the object store */
    public RemoteCheckpoints(ObjectStore store) {
        this.store = store;
        this.publisher = new AtomicPublisher(store);
    }

    /**
     * Uploads a local checkpoint folder written by the engine after an epoch.
     *
     * @param jobId the job
     * @param epoch the epoch it holds
     * @param folder the local {@code epoch-NNNN} folder
     */
    public void upload(String jobId, int epoch, Path folder) {
        String base = ObjectKeys.checkpointPrefix(jobId);
        String prefix = base + epochName(epoch) + "/";
        publisher.publishFolder(ObjectKeys.WORK_BUCKET, prefix, folder, Map.of("jobId", jobId, "epoch",
                Integer.toString(epoch)));
        for (String older : store.listPrefixes(ObjectKeys.WORK_BUCKET, base)) {
            if (!older.equals(prefix) && older.substring(base.length()).startsWith(EPOCH_PREFIX)) {
                publisher.unpublish(ObjectKeys.WORK_BUCKET, older);
            }
        }
    }

    /**
     * Downloads the newest complete checkpoint of a job into a local checkpoint folder.
     *
     * @param jobId the job
     * @param localRoot the engine's checkpoint folder (emptied first)
     * @return the epoch of the checkpoint, or empty when the job has none
     * @throws IOException on local I/O failure
     */
    public Optional<Integer> downloadLatest(String jobId, Path localRoot) throws IOException {
        String base = ObjectKeys.checkpointPrefix(jobId);
        List<String> epochs = store.listPrefixes(ObjectKeys.WORK_BUCKET, base).stream()
                .filter(p -> p.substring(base.length()).startsWith(EPOCH_PREFIX))
                .sorted(Comparator.reverseOrder()).toList();
        for (String prefix : epochs) {
            Optional<PublishRecord> record = publisher.readComplete(ObjectKeys.WORK_BUCKET, prefix);
            if (record.isEmpty()) {
                continue;
            }
            String name = prefix.substring(base.length(), prefix.length() - 1);
            int epoch = Integer.parseInt(name.substring(EPOCH_PREFIX.length()));
            Files.createDirectories(localRoot);
            Path folder = localRoot.resolve(name);
            for (PublishRecord.PublishedFile file : record.get().files()) {
                Path target = folder.resolve(file.path());
                Files.createDirectories(target.getParent());
                store.download(ObjectKeys.WORK_BUCKET, prefix + file.path(), target);
            }
            Files.writeString(localRoot.resolve("latest.json"),
                    "{\"epoch\":" + epoch + ",\"directory\":\"" + name + "\"}");
            return Optional.of(epoch);
        }
        return Optional.empty();
    }

    /**
     * Uploads an {@code auto} job's search folder (finished trials and the best head), replacing the
     * previous one atomically.
     *
     * @param jobId the job
     * @param folder the local search folder
     */
    public void uploadSearch(String jobId, Path folder) {
        publisher.publishFolder(ObjectKeys.WORK_BUCKET, ObjectKeys.searchStatePrefix(jobId), folder,
                Map.of("jobId", jobId));
    }

    /**
     * Downloads an {@code auto} job's search folder, if a complete one was uploaded.
     *
     * @param jobId the job
     * @param folder the local search folder
     * @return whether there was one
     * @throws IOException on local I/O failure
     */
    public boolean downloadSearch(String jobId, Path folder) throws IOException {
        String prefix = ObjectKeys.searchStatePrefix(jobId);
        Optional<PublishRecord> record = publisher.readComplete(ObjectKeys.WORK_BUCKET, prefix);
        if (record.isEmpty()) {
            return false;
        }
        for (PublishRecord.PublishedFile file : record.get().files()) {
            Path target = folder.resolve(file.path());
            Files.createDirectories(target.getParent());
            store.download(ObjectKeys.WORK_BUCKET, prefix + file.path(), target);
        }
        return true;
    }

    /** Deletes every checkpoint of a finished job. */
    public void deleteAll(String jobId) {
        store.deletePrefix(ObjectKeys.WORK_BUCKET, ObjectKeys.checkpointPrefix(jobId));
    }

    /** @return the folder name of an epoch's checkpoint, as the engine writes it */
    public static String epochName(int epoch) {
        return String.format("%s%04d", EPOCH_PREFIX, epoch);
    }
}
