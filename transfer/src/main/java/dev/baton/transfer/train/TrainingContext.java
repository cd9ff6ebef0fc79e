package dev.baton.transfer.train;

import dev.baton.transfer.model.TransferModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The state of a running job, as seen by {@link EpochListener}s. */
public final class TrainingContext {

    private final String jobId;
    private final TrainingSpec spec;
    private final TransferModel model;
    private final MomentumSgd optimizer;
    private final int phaseCount;
    private final List<EpochMetrics> history = new ArrayList<>();
    private int phase;
    private int epoch;
    private int epochInPhase;
    private int phaseEpochLimit;
    private float phaseLearningRate;
    private boolean phaseStopRequested;

    TrainingContext(
            String jobId,
            TrainingSpec spec,
            TransferModel model,
            MomentumSgd optimizer,
            int phaseCount,
            List<EpochMetrics> history) {
        this.jobId = jobId;
        this.spec = spec;
        this.model = model;
        this.optimizer = optimizer;
        this.phaseCount = phaseCount;
        this.history.addAll(history);
    }

    /** @return the job id (may be null) */
    public String jobId() {
        return jobId;
    }

    /** @return the spec */
    public TrainingSpec spec() {
        return spec;
    }

    /** @return the model being trained */
    public TransferModel model() {
        return model;
    }

    /** @return the optimizer */
    public MomentumSgd optimizer() {
        return optimizer;
    }

    /** @return the current phase (1 or 2) */
    public int phase() {
        return phase;
    }

    /** @return number of phases of the job */
    public int phaseCount() {
        return phaseCount;
    }

    /** @return the current global epoch, 1-based */
    public int epoch() {
        return epoch;
    }

    /** @return the current epoch within the phase, 1-based */
    public int epochInPhase() {
        return epochInPhase;
    }

    /** @return the maximum number of epochs of the current phase */
    public int phaseEpochLimit() {
        return phaseEpochLimit;
    }

    /** @return the base learning rate of the current phase */
    public float phaseLearningRate() {
        return phaseLearningRate;
    }

    /** @return metrics of all finished epochs, all phases (read-only) */
    public List<EpochMetrics> history() {
        return Collections.unmodifiableList(history);
    }

    /** @return metrics of the finished epochs of the current phase */
    public List<EpochMetrics> phaseHistory() {
        return history.stream().filter(m -> m.phase() == phase).toList();
    }

    /** Ends the current phase after this epoch (early stopping). */
    public void requestPhaseStop() {
        phaseStopRequested = true;
    }

    /** @return whether the current phase ends after this epoch */
    public boolean phaseStopRequested() {
        return phaseStopRequested;
    }

    /** @return whether this epoch is the last of its phase (limit reached or stop requested) */
    public boolean phaseEnding() {
        return phaseStopRequested || epochInPhase >= phaseEpochLimit;
    }

    void startPhase(int newPhase, int limit, float learningRate, int epochsAlreadyDone) {
        this.phase = newPhase;
        this.phaseEpochLimit = limit;
        this.phaseLearningRate = learningRate;
        this.epochInPhase = epochsAlreadyDone;
        this.phaseStopRequested = false;
    }

    void startEpoch() {
        epoch++;
        epochInPhase++;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    void record(EpochMetrics metrics) {
        history.add(metrics);
    }
}
