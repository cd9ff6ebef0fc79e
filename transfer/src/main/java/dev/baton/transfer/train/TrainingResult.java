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
 * @param finalValidation evaluation of the final model on the validation set
 */
public record TrainingResult(
        String jobId,
        TrainingSpec spec,
        List<String> classNames,
        String weightsProvenance,
        TransferModel model,
        List<EpochMetrics> history,
        ValidationReport finalValidation)
        implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
