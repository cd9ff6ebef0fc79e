package dev.baton.transfer.train;

/** Learning-rate factor per epoch of a phase, applied to the phase's base learning rate. */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * @param epochInPhase 1-based epoch within the phase
     * @param phaseEpochs maximum epochs of the phase
     * @return multiplier of the phase's base learning rate
     */
    float factor(int epochInPhase, int phaseEpochs);

    /** @return the constant schedule */
    static LearningRateSchedule constant() {
        return (epoch, total) -> 1f;
    }

    /**
     * @param every decay every this many epochs
     * @param gamma multiplier per decay
     * @return a step-decay schedule
     */
    static LearningRateSchedule stepDecay(int every, float gamma) {
        return (epoch, total) -> (float) Math.pow(gamma, (epoch - 1) / every);
    }

    /** @return cosine annealing from the base rate towards 0 over the phase */
    static LearningRateSchedule cosine() {
        return (epoch, total) -> (float) (0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / total)));
    }
}
