package dev.baton.transfer.train;

/** Sets the optimizer's learning rate at the start of every epoch from a schedule. */
public final class LearningRateScheduleListener implements EpochListener {

    private final LearningRateSchedule schedule;

    /**
     * @param schedule the schedule
     */
    public LearningRateScheduleListener(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onEpochStart(TrainingContext context) {
        float factor = schedule.factor(context.epochInPhase(), context.phaseEpochLimit());
        context.optimizer().setLearningRate(context.phaseLearningRate() * factor);
    }
}
