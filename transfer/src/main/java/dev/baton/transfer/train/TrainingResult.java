package dev.baton.transfer.train;

import dev.baton.transfer.model.TransferModel;
import java.util.List;

/**
 * A finished job: the trained model (owned by this result; close it, or hand it to a bundle
 * writer first), its metric history and the final validation report.
 *
 * @param jobId the job id (may be null)
 * @param spec the spec
 * @param classNames class names, index = label
 * @param weightsProvenance where the starting weights came from
 * @param model the trained model
 * @param history per-epoch metrics, all phases
 * @param finalValidation evaluation of the final model (the best epoch's weights) on the validation set
 * @param bestEpoch the epoch whose weights the model holds (0 when no epoch ran)
 * @param test evaluation of the final model on held-out test images, or null when there were none
 */
public record TrainingResult(
        String jobId,
        TrainingSpec spec,
        List<String> classNames,
        String weightsProvenance,
        TransferModel model,
        List<EpochMetrics> history,
        ValidationReport finalValidation,
        int bestEpoch,
        ValidationReport test)
        implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
