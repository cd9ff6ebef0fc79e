package dev.baton.transfer.train;

import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.strategy.PhasePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The state of a running job, as seen by {@link EpochListener}s. */
public final class TrainingContext {

    private final String jobId;
    private final TrainingSpec spec;
    private final TransferModel model;
    private final StatefulOptimizer optimizer;
    private final PhasePlan plan;
    private final BestEpoch best;
    private final List<EpochMetrics> history = new ArrayList<>();
    private int phase;
    private int epoch;
    private int epochInPhase;
    private int batchInEpoch;
    private int batchesPerEpoch;
    private boolean phaseStopRequested;

    TrainingContext(String jobId, TrainingSpec spec, TransferModel model, StatefulOptimizer optimizer,
            PhasePlan plan, BestEpoch best, List<EpochMetrics> history) {
        this.jobId = jobId;
        this.spec = spec;
        this.model = model;
        this.optimizer = optimizer;
        this.plan = plan;
        this.best = best;
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
    public StatefulOptimizer optimizer() {
        return optimizer;
    }

    /** @return the phases of the job */
    public PhasePlan plan() {
        return plan;
    }

    /** @return the best epoch so far and its weights */
    public BestEpoch best() {
        return best;
    }

    /** @return the current phase (1 or 2) */
    public int phase() {
        return phase;
    }

    /** @return number of phases of the job */
    public int phaseCount() {
        return plan.phaseCount();
    }

    /** @return the current global epoch, 1-based */
    public int epoch() {
        return epoch;
    }

    /** @return the current epoch within the phase, 1-based */
    public int epochInPhase() {
        return epochInPhase;
    }

    /** @return the current training batch within the epoch, 0-based */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /** @return training batches per epoch, or 0 when the dataset does not say */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** @return the fraction of the current phase's planned epochs done, counted in batches, in [0, 1) */
    public double phaseProgress() {
        double inEpoch = batchesPerEpoch > 0 ? Math.min(1.0, (double) batchInEpoch / batchesPerEpoch) : 0;
        return Math.min(0.999_999, (epochInPhase - 1 + inEpoch) / phaseEpochLimit());
    }

    /** @return the maximum number of epochs of the current phase */
    public int phaseEpochLimit() {
        return plan.phase(phase).epochs();
    }

    /** @return the base learning rate of the current phase */
    public float phaseLearningRate() {
        return plan.phase(phase).learningRate();
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
        return phaseStopRequested || epochInPhase >= phaseEpochLimit();
    }

    void startPhase(int newPhase, int epochsAlreadyDone, int batches) {
        this.phase = newPhase;
        this.epochInPhase = epochsAlreadyDone;
        this.batchesPerEpoch = batches;
        this.phaseStopRequested = false;
    }

    void startEpoch() {
        epoch++;
        epochInPhase++;
        batchInEpoch = 0;
    }

    void startBatch(int index) {
        batchInEpoch = index;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    void record(EpochMetrics metrics) {
        history.add(metrics);
    }
}
