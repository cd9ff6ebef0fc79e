package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.JobDefaults;

/**
 * What a job submission gets for each field it leaves out ({@link JobDefaults}), for forms that show
 * the defaults before the user submits.
 *
 * @param base the base architecture
 * @param pretrained the registered pretrained base of the default architecture
 * @param strategy the strategy
 * @param head the classifier of explicit strategies
 * @param epochs epochs of explicit strategies
 * @param autoMaxEpochs {@code auto}: the most epochs its fine-tune may run
 * @param batchSize images per batch
 * @param learningRate the learning rate of explicit strategies
 * @param imageSize the square input size in pixels
 * @param widthMultiplier the base's channel multiplier
 * @param augmentation explicit strategies: random flips and crops
 * @param autoAugmentation {@code auto}: random flips of the images its fine-tune trains on
 * @param validationSplit the fraction held out for validation
 * @param seed the seed of split, initialisation and shuffling
 * @param budgetMinutes {@code auto}: the job's wall-time budget
 */
public record SubmissionDefaults(String base, String pretrained, String strategy, String head, int epochs,
        int autoMaxEpochs, int batchSize, double learningRate, int imageSize, double widthMultiplier,
        boolean augmentation, boolean autoAugmentation, double validationSplit, long seed, int budgetMinutes) {

    /** The defaults of this build. */
    public static final SubmissionDefaults CURRENT = new SubmissionDefaults(JobDefaults.BASE_NAME,
            JobDefaults.PRETRAINED, JobDefaults.STRATEGY_NAME, JobDefaults.HEAD_NAME, JobDefaults.EPOCHS,
            JobDefaults.AUTO_MAX_EPOCHS, JobDefaults.BATCH_SIZE, JobDefaults.LEARNING_RATE, JobDefaults.IMAGE_SIZE,
            JobDefaults.WIDTH_MULTIPLIER, JobDefaults.AUGMENTATION, JobDefaults.AUTO_AUGMENTATION,
            JobDefaults.VALIDATION_SPLIT, JobDefaults.SEED, JobDefaults.BUDGET_MINUTES);
}
