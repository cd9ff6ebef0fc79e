package dev.baton.transfer.train;

import java.util.List;

/**
 * The JSON part of a checkpoint (parameters and optimizer state are stored next to it).
 *
 * @param formatVersion checkpoint format version
 * @param jobId the job id (may be null)
 * @param spec the job's spec; a resume must use an equal spec
 * @param classNames class names, index = label
 * @param weightsProvenance where the backbone's starting weights came from
 * @param epoch last finished global epoch
 * @param phase phase of that epoch
 * @param epochInPhase epoch within the phase
 * @param phaseFinished whether that epoch ended its phase (limit or early stop)
 * @param seed the job seed (each epoch reseeds with a value derived from seed and epoch)
 * @param learningRate learning rate used in that epoch
 * @param history metrics of all finished epochs
 * @param bestEpoch the best epoch so far ({@link BestEpoch}); when it is not {@code epoch} its weights
 *     are stored beside the checkpoint's parameters
 */
public record CheckpointState(
        int formatVersion,
        String jobId,
        TrainingSpec spec,
        List<String> classNames,
        String weightsProvenance,
        int epoch,
        int phase,
        int epochInPhase,
        boolean phaseFinished,
        int seed,
        float learningRate,
        List<EpochMetrics> history,
        int bestEpoch) {

    /** The current format version. */
    public static final int FORMAT_VERSION = 2;
}
