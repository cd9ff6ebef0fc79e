package dev.baton.transfer.train;

/** The learning-rate schedule of every phase of a job, after its warm-up. */
public enum ScheduleKind {
    /** The phase's rate throughout. */
    CONSTANT,
    /** Cosine annealing towards 0 over the phase. */
    COSINE;

    /**
     * @param warmupEpochs linear warm-up before it, in epochs (0 = none)
     * @return the schedule
     */
    public LearningRateSchedule schedule(double warmupEpochs) {
        LearningRateSchedule main = this == COSINE ? LearningRateSchedule.cosine() : LearningRateSchedule.constant();
        return LearningRateSchedule.warmUp(warmupEpochs, main);
    }
}
