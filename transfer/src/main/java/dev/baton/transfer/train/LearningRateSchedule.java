package dev.baton.transfer.train;

/**
 * Learning-rate factor at a point of a phase, applied to the phase's base learning rate. The point
 * is {@code progress} in [0, 1): the fraction of the phase's planned epochs already done, counted
 * in batches, so warm-up and decay move every batch while a resumed job, which restarts at an
 * epoch boundary, recomputes exactly the same rates.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param progress fraction of the phase done, in [0, 1)
     * @param phaseEpochs planned epochs of the phase
     * @return multiplier of the phase's base learning rate
     */
    float factor(double progress, int phaseEpochs);

    /** @return the constant schedule */
    static LearningRateSchedule constant() {
        return (progress, epochs) -> 1f;
    }

    /**
     * @param every decay every this many epochs
     * @param gamma multiplier per decay
     * @return a step-decay schedule
     */
    static LearningRateSchedule stepDecay(int every, float gamma) {
        return (progress, epochs) -> (float) Math.pow(gamma, Math.floor(progress * epochs + 1e-9) / every);
    }

    /** @return cosine annealing from the base rate towards 0 over the phase */
    static LearningRateSchedule cosine() {
        return (progress, epochs) -> (float) (0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /**
     * Linear warm-up from a small rate to the base rate over the first {@code warmupEpochs}, then
     * {@code main} over the rest of the phase (as DJL's {@code WarmUpTracker} composes trackers).
     *
     * @param warmupEpochs warm-up length in epochs (0 = none); at most half of a phase warms up
     * @param main the schedule after the warm-up, over the remaining fraction of the phase
     * @return the composed schedule
     */
    static LearningRateSchedule warmUp(double warmupEpochs, LearningRateSchedule main) {
        if (warmupEpochs <= 0) {
            return main;
        }
        return (progress, epochs) -> {
            double warm = Math.min(warmupEpochs / epochs, 0.5);
            if (progress < warm) {
                return (float) ((progress + 1e-3) / (warm + 1e-3));
            }
            return main.factor((progress - warm) / (1 - warm), epochs);
        };
    }
}
