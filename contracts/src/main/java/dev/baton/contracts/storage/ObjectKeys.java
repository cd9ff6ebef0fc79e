package dev.baton.contracts.storage;

import dev.baton.contracts.messages.Names;
import dev.baton.contracts.messages.ObjectRef;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Baton's object-store layout, in one place: which bucket holds what and how keys are built.
 *
 * <pre>
 * baton-data     datasets/&lt;dataset&gt;/images/&lt;class&gt;/&lt;file&gt;     an image-folder dataset (all of it trains)
 *                datasets/&lt;dataset&gt;/images/train/&lt;class&gt;/&lt;file&gt;   or one with splits ({@link ImageSplit}):
 *                datasets/&lt;dataset&gt;/images/test/&lt;class&gt;/&lt;file&gt;    training and held-out test images
 *                datasets/&lt;dataset&gt;/_publish.json               its completion record (written last)
 *                predictions/&lt;batch-id&gt;/status.json              a batch prediction's state and counts
 *                predictions/&lt;batch-id&gt;/results.jsonl            its results (written when it completes)
 * baton-models   base-models/&lt;name&gt;/                          pretrained bases (weights + manifest)
 *                models/&lt;model&gt;/&lt;version&gt;/                     model bundles (version zero-padded)
 *                models/&lt;model&gt;/&lt;version&gt;/manifest.json        a bundle's manifest (metrics, test evaluation)
 * baton-work     checkpoints/&lt;job-id&gt;/                          per-epoch checkpoints of running jobs
 *                locks/models/&lt;model&gt;/&lt;version&gt;                 version reservations
 *                batches/&lt;batch-id&gt;/lease.json                  a running batch: its submission and owner
 *                batches/&lt;batch-id&gt;/images.json                 the images it was given
 *                batches/&lt;batch-id&gt;/parts/&lt;chunk&gt;.jsonl          its finished chunks (until it completes)
 * </pre>
 *
 * Every name is checked with {@link Names#NAME} (ids with {@link Names#ID}) before it becomes a
 * key segment, so no user input reaches outside its prefix.
 */
public final class ObjectKeys {
    /** Datasets and batch-prediction results. */
    public static final String DATA_BUCKET = "baton-data";
    /** Pretrained bases and trained model bundles. */
    public static final String MODELS_BUCKET = "baton-models";
    /** Checkpoints and coordination objects of running work. */
    public static final String WORK_BUCKET = "baton-work";
    /** Every bucket, for start-up provisioning. */
    public static final List<String> ALL_BUCKETS = List.of(DATA_BUCKET, MODELS_BUCKET, WORK_BUCKET);

    /** The completion record that {@link AtomicPublisher} writes last. */
    public static final String PUBLISH_RECORD = "_publish.json";

    /** A model bundle's manifest file, relative to its version prefix (what the trainer wrote, test evaluation included). */
    public static final String BUNDLE_MANIFEST = "manifest.json";

    private static final Pattern ID = Pattern.compile(Names.ID);
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.+-]{0,99}");

    private ObjectKeys() {
    }

    /** @return the prefix of a dataset, ending with '/' */
    public static String datasetPrefix(String dataset) {
        return "datasets/" + name("dataset", dataset) + "/";
    }

    /** @return the prefix of a dataset's images, ending with '/' */
    public static String datasetImagesPrefix(String dataset) {
        return datasetPrefix(dataset) + "images/";
    }

    /**
     * @return the key of one image of a class in a dataset without splits
     * @throws IllegalArgumentException for a class named as a split folder ({@link ImageSplit#isReserved}),
     *     which the trainer would take for a split
     */
    public static String datasetImage(String dataset, String className, String fileName) {
        return datasetImagesPrefix(dataset) + imagePath(className, fileName);
    }

    /** @return the key of one image of a class in one split of a dataset */
    public static String datasetImage(String dataset, ImageSplit split, String className, String fileName) {
        return datasetSplitPrefix(dataset, split) + imagePath(className, fileName);
    }

    /** @return the prefix of one split's class folders in a dataset, ending with '/' */
    public static String datasetSplitPrefix(String dataset, ImageSplit split) {
        return datasetImagesPrefix(dataset) + split.folder() + "/";
    }

    /**
     * Reads the path of an image below a dataset's {@code images/} folder, the inverse of
     * {@link #datasetImage}.
     *
     * @param path e.g. {@code cat/1.png} or {@code test/cat/1.png}
     * @return its split (empty for a dataset without splits) and class; empty when the path is not
     *     an image of a class folder in either layout
     */
    public static Optional<DatasetImage> parseDatasetImage(String path) {
        String[] parts = path.split("/", -1);
        try {
            if (parts.length == 2) {
                imagePath(parts[0], parts[1]);
                return Optional.of(new DatasetImage(Optional.empty(), parts[0]));
            }
            Optional<ImageSplit> split = ImageSplit.ofFolder(parts[0]);
            if (parts.length == 3 && split.isPresent() && split.get().folder().equals(parts[0])) {
                imagePath(parts[1], parts[2]);
                return Optional.of(new DatasetImage(split, parts[1]));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * An image's place in a dataset, as {@link #parseDatasetImage} reads it.
     *
     * @param split its split; empty in a dataset without splits
     * @param className its class
     */
    public record DatasetImage(Optional<ImageSplit> split, String className) {
    }

    private static String imagePath(String className, String fileName) {
        if (!CLASS_NAME.matcher(className).matches() || className.contains("..")) {
            throw new IllegalArgumentException("class name '" + className + "' must be 1-100 letters, digits, spaces, "
                    + "'_', '.', '+' or '-', starting with a letter or digit");
        }
        if (ImageSplit.isReserved(className)) {
            throw new IllegalArgumentException("class name '" + className + "' is reserved for the train/ and test/ "
                    + "split folders");
        }
        if (!CLASS_NAME.matcher(fileName).matches() || fileName.contains("..")) {
            throw new IllegalArgumentException("file name '" + fileName + "' is not a plain file name");
        }
        return className + "/" + fileName;
    }

    /** @return the prefix of a registered base model */
    public static String baseModelPrefix(String name) {
        return "base-models/" + name("base model", name) + "/";
    }

    /** @return the prefix under which all versions of a model lie */
    public static String modelPrefix(String model) {
        return "models/" + name("model", model) + "/";
    }

    /**
     * Versions are zero-padded to ten digits so that a lexicographic listing is in version order.
     *
     * @return the prefix of one model version's bundle, ending with '/'
     */
    public static String modelVersionPrefix(String model, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        return modelPrefix(model) + String.format(Locale.ROOT, "%010d", version) + "/";
    }

    /** @return the key of a model version's bundle manifest ({@link #BUNDLE_MANIFEST}) */
    public static String modelVersionManifest(String model, int version) {
        return modelVersionPrefix(model, version) + BUNDLE_MANIFEST;
    }

    /** @return the bundle of a model version as a reference */
    public static ObjectRef modelVersion(String model, int version) {
        return new ObjectRef(MODELS_BUCKET, modelVersionPrefix(model, version));
    }

    /**
     * @param versionPrefix a key returned by {@link #modelVersionPrefix}
     * @return the version number it names
     */
    public static int versionOf(String versionPrefix) {
        String[] parts = versionPrefix.split("/");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    /** @return the key that reserves a model version (written with a conditional put) */
    public static String versionReservation(String model, int version) {
        return "locks/" + modelVersionPrefix(model, version) + "reserved";
    }

    /**
     * @param jobId a job
     * @return the prefix of an {@code auto} job's search state (its finished trials and best head),
     *     inside the job's checkpoint prefix
     */
    public static String searchStatePrefix(String jobId) {
        return checkpointPrefix(jobId) + "search/";
    }

    /** @return the prefix of a job's checkpoints */
    public static String checkpointPrefix(String jobId) {
        if (!ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("job id '" + jobId + "' " + Names.ID_MESSAGE);
        }
        return "checkpoints/" + jobId + "/";
    }

    /** @return the key of a batch prediction's results (in {@link #DATA_BUCKET}) */
    public static String batchPredictionResults(String batchId) {
        return "predictions/" + batchId(batchId) + "/results.jsonl";
    }

    /** @return the key of a batch prediction's status (in {@link #DATA_BUCKET}) */
    public static String batchPredictionStatus(String batchId) {
        return "predictions/" + batchId(batchId) + "/status.json";
    }

    /** The prefix of running batches' work objects (in {@link #WORK_BUCKET}), one folder per batch. */
    public static final String RUNNING_BATCHES_PREFIX = "batches/";

    /** @return the key of a running batch's lease: its submission, owner and heartbeat (in {@link #WORK_BUCKET}) */
    public static String batchPredictionLease(String batchId) {
        return batchPredictionWorkPrefix(batchId) + "lease.json";
    }

    /** @return the key of the images a batch was given (in {@link #WORK_BUCKET}) */
    public static String batchPredictionImages(String batchId) {
        return batchPredictionWorkPrefix(batchId) + "images.json";
    }

    /** @return the key of a running batch's finished chunk (in {@link #WORK_BUCKET}) */
    public static String batchPredictionPart(String batchId, int chunk) {
        if (chunk < 0) {
            throw new IllegalArgumentException("chunk " + chunk + " is negative");
        }
        return batchPredictionWorkPrefix(batchId) + String.format(Locale.ROOT, "parts/%06d.jsonl", chunk);
    }

    /** @return the prefix of every work object of a batch (in {@link #WORK_BUCKET}) */
    public static String batchPredictionWorkPrefix(String batchId) {
        return RUNNING_BATCHES_PREFIX + batchId(batchId) + "/";
    }

    private static String batchId(String batchId) {
        if (!ID.matcher(batchId).matches()) {
            throw new IllegalArgumentException("batch id '" + batchId + "' " + Names.ID_MESSAGE);
        }
        return batchId;
    }

    private static String name(String what, String value) {
        if (!Names.isValidName(value)) {
            throw new IllegalArgumentException(what + " name '" + value + "' " + Names.NAME_MESSAGE);
        }
        return value;
    }
}
