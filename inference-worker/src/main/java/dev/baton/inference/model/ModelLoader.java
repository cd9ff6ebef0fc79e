package dev.baton.inference.model;

import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.transfer.bundle.ModelBundle;
import dev.baton.transfer.bundle.Prediction;
import dev.baton.transfer.device.DevicePreference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches a completely published bundle from the object store, loads it on the configured
 * device and warms it up (batch size 1 and the largest batch, scores must be finite). Anything
 * that goes wrong is a {@link ModelLoadException} and nothing stays in memory.
 */
public final class ModelLoader {

    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final DevicePreference device;
    private final int warmupPasses;
    private final int maxBatch;
    private final Path workDirectory;

    /**
     * @param store the object store
     * @param device where models run
     * @param warmupPasses passes per warm-up batch size
     * @param maxBatch the largest batch the batcher makes
     * @param workDirectory where bundles are downloaded (deleted after loading)
     */
    public ModelLoader(ObjectStore store, DevicePreference device, int warmupPasses, int maxBatch, Path workDirectory) {
        this.store = store;
        this.publisher = new AtomicPublisher(store);
        this.device = device;
        this.warmupPasses = warmupPasses;
        this.maxBatch = maxBatch;
        this.workDirectory = workDirectory;
    }

    /**
     * @param id the version
     * @param bundle where its bundle lies (a prefix ending with '/')
     * @param onClose called when the loaded model is eventually closed
     * @return the loaded, warmed-up model (holding the registry's reference)
     * @throws ModelLoadException when the bundle is incomplete, invalid or fails warm-up
     */
    public LoadedModel load(ModelVersion id, ObjectRef bundle, Runnable onClose) throws ModelLoadException {
        PublishRecord record;
        try {
            record = publisher.readComplete(bundle.bucket(), bundle.key())
                    .orElseThrow(() -> new ModelLoadException(id, "no complete bundle at " + bundle.bucket() + "/"
                            + bundle.key(), null));
        } catch (RuntimeException e) {
            throw new ModelLoadException(id, "cannot read the bundle record: " + e.getMessage(), e);
        }
        Path folder = null;
        try {
            Files.createDirectories(workDirectory);
            folder = Files.createTempDirectory(workDirectory, id.model() + "-v" + id.version() + "-");
            for (PublishRecord.PublishedFile file : record.files()) {
                Path target = folder.resolve(file.path()).normalize();
                if (!target.startsWith(folder)) {
                    throw new ModelLoadException(id, "bundle file escapes its folder: " + file.path(), null);
                }
                Files.createDirectories(target.getParent());
                store.download(bundle.bucket(), bundle.key() + file.path(), target);
            }
            ModelBundle loaded = ModelBundle.load(folder, device);
            try {
                warmUp(id, loaded);
            } catch (ModelLoadException | RuntimeException e) {
                loaded.close();
                throw e;
            }
            return new LoadedModel(id, loaded, onClose);
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(id, e.getClass().getSimpleName() + ": " + inStore(e.getMessage(), folder, bundle), e);
        } finally {
            deleteQuietly(folder);
        }
    }

    /**
     * @param bundle a bundle prefix
     * @return whether a complete bundle lies there
     */
    public boolean isPublished(ObjectRef bundle) {
        try {
            return publisher.readComplete(bundle.bucket(), bundle.key()).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void warmUp(ModelVersion id, ModelBundle bundle) throws ModelLoadException {
        int size = bundle.manifest().inputSize();
        float[] zeros = new float[3 * size * size];
        for (int batch : new int[] {1, maxBatch}) {
            List<float[]> inputs = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                inputs.add(zeros);
            }
            for (int pass = 0; pass < Math.max(1, warmupPasses); pass++) {
                List<Prediction> out = bundle.predictor().predict(inputs, 1);
                if (out.size() != batch) {
                    throw new ModelLoadException(id, "warm-up returned " + out.size() + " predictions for " + batch, null);
                }
                float score = out.get(0).best().score();
                if (!Float.isFinite(score)) {
                    throw new ModelLoadException(id, "warm-up produced a non-finite score (" + score + ")", null);
                }
            }
        }
    }

    /**
     * Names bundle files by their place in the object store rather than by this worker's temporary
     * copy, so that the reason tells the user which published file is at fault.
     */
    private static String inStore(String message, Path folder, ObjectRef bundle) {
        if (message == null || folder == null) {
            return String.valueOf(message);
        }
        return message.replace(folder + folder.getFileSystem().getSeparator(), bundle.bucket() + "/" + bundle.key())
                .replace(folder.toString(), bundle.bucket() + "/" + bundle.key());
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
