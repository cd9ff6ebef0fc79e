package dev.baton.transfer.bundle;

import dev.baton.transfer.auto.SearchState;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.ValidationReport;
import java.util.List;

/**
 * {@code manifest.json} of a model bundle: everything needed to rebuild, interpret and audit the
 * model without the job that trained it.
 *
 * @param schemaVersion bundle schema version ({@link #SCHEMA_VERSION})
 * @param baseModel backbone name, e.g. "mobilenet_v2"
 * @param weightsProvenance where the backbone's starting weights came from, e.g. "random-init"
 * @param head the head
 * @param scoreType "probability" (softmax) or "margin" (raw SVM scores, not probabilities)
 * @param strategy the training strategy
 * @param freezeBoundary the freeze boundary (null for FULL / FEATURE_EXTRACTION)
 * @param classNames class names, index = output index
 * @param inputSize square input size in pixels
 * @param normalization how input pixels must be normalised
 * @param training the full training spec (backbone options included)
 * @param epochs per-epoch metrics of the training job
 * @param finalValidation validation metrics of the final model (its best epoch), with confusion matrix
 * @param bestEpoch the epoch whose weights the bundle holds (0: none trained, e.g. a head chosen by
 *     {@code auto} on the frozen base)
 * @param lastEpoch the last epoch trained
 * @param test metrics on held-out test images, with confusion matrix, precision and recall (or null)
 * @param search an {@code auto} job's trials and decision (or null)
 * @param createdAt ISO-8601 instant the bundle was written
 * @param sourceJobId the training job id (may be null)
 */
public record BundleManifest(
        int schemaVersion,
        String baseModel,
        String weightsProvenance,
        HeadSpec head,
        String scoreType,
        TrainingStrategy strategy,
        FreezeBoundary freezeBoundary,
        List<String> classNames,
        int inputSize,
        Normalization normalization,
        TrainingSpec training,
        List<EpochMetrics> epochs,
        ValidationReport finalValidation,
        int bestEpoch,
        int lastEpoch,
        ValidationReport test,
        SearchState search,
        String createdAt,
        String sourceJobId) {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 2;

    /**
     * The oldest schema version this code reads: version 1 lacks {@code bestEpoch}, {@code lastEpoch},
     * {@code test} and {@code search} (read as 0 and null) and the optimiser fields of {@code training},
     * so bundles published before an upgrade keep serving.
     */
    public static final int OLDEST_SCHEMA_VERSION = 1;
}
