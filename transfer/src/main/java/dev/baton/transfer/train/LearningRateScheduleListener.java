package dev.baton.transfer.train;

import java.util.HashMap;
import java.util.Map;

/**
 * Sets the optimizer's learning rate before every training batch from a schedule of the phase's
 * progress, and the backbone's fraction of it ({@link TrainingSpec#baseLearningRateScale()}) at
 * the start of every phase.
 */
public final class LearningRateScheduleListener implements EpochListener {

    private final LearningRateSchedule schedule;

    /**
     * @param schedule the schedule
     */
    public LearningRateScheduleListener(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onPhaseStart(TrainingContext context) {
        float scale = context.spec().baseLearningRateScale();
        if (scale != 1f) {
            Map<String, Float> scales = new HashMap<>();
            context.model().backbone().parameters().keySet().forEach(name -> scales.put(name, scale));
            context.optimizer().setLearningRateScales(scales);
        }
    }

    @Override
    public void onEpochStart(TrainingContext context) {
        onBatchStart(context);
    }

    @Override
    public void onBatchStart(TrainingContext context) {
        float factor = schedule.factor(context.phaseProgress(), context.phaseEpochLimit());
        context.optimizer().setLearningRate(context.phaseLearningRate() * factor);
    }
}
