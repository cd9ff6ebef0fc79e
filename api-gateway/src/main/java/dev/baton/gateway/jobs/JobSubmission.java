package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.JobDefaults;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import java.time.Instant;
import java.util.Objects;

/**
 * What a user submits to train a model; omitted fields take the defaults of {@link JobDefaults}.
 * Validation is that of {@link TrainingRequest}, so a 400 names the same fields.
 *
 * @param modelName the model the trained version is published under
 * @param dataset a published dataset
 * @param base {@code vgg16} or {@code mobilenet_v2} (default {@link JobDefaults#BASE})
 * @param pretrained a registered base model, or {@code none} for random initialisation (default
 *     {@link JobDefaults#PRETRAINED} when the base is the default one)
 * @param strategy {@code auto} (default), {@code full}, {@code fine_tune}, {@code feature_extraction} or {@code two_phase}
 * @param unfreezeLastBlocks fine-tuning boundary: how many last conv blocks train
 * @param unfreezeFrom fine-tuning boundary: the first block that trains
 * @param head {@code dense}, {@code gap} or {@code svm} (explicit strategies; {@code auto} chooses)
 * @param epochs {@link JobDefaults#epochs}
 * @param batchSize {@link JobDefaults#BATCH_SIZE}
 * @param learningRate {@link JobDefaults#LEARNING_RATE} (explicit strategies; {@code auto} searches)
 * @param fineTuneLearningRate two-phase fine-tuning rate (default a tenth of learningRate)
 * @param imageSize {@link JobDefaults#IMAGE_SIZE}
 * @param widthMultiplier {@link JobDefaults#WIDTH_MULTIPLIER}
 * @param augmentation {@link JobDefaults#augmentation}
 * @param validationSplit {@link JobDefaults#VALIDATION_SPLIT}
 * @param seed {@link JobDefaults#SEED}
 * @param earlyStoppingPatience epochs without improvement before stopping (default none)
 * @param budgetMinutes {@code auto} only: {@link JobDefaults#BUDGET_MINUTES}
 */
public record JobSubmission(String modelName, String dataset, BaseArchitecture base, String pretrained,
        TrainingStrategy strategy, Integer unfreezeLastBlocks, String unfreezeFrom, HeadType head, Integer epochs,
        Integer batchSize, Double learningRate, Double fineTuneLearningRate, Integer imageSize, Double widthMultiplier,
        Boolean augmentation, Double validationSplit, Long seed, Integer earlyStoppingPatience,
        Integer budgetMinutes) {

    /**
     * @param jobId the id the gateway assigned
     * @param now the submission time
     * @return the message to queue (not yet validated)
     */
    public TrainingRequest toRequest(String jobId, Instant now) {
        BaseArchitecture architecture = or(base, JobDefaults.BASE);
        TrainingStrategy how = or(strategy, JobDefaults.STRATEGY);
        String weights = pretrained != null || architecture != JobDefaults.BASE ? pretrained : JobDefaults.PRETRAINED;
        return new TrainingRequest(BatonMessage.CURRENT_SCHEMA_VERSION, jobId, modelName, dataset, architecture,
                weights, how, unfreezeLastBlocks, unfreezeFrom, or(head, JobDefaults.HEAD),
                or(epochs, JobDefaults.epochs(how)), or(batchSize, JobDefaults.BATCH_SIZE),
                or(learningRate, JobDefaults.LEARNING_RATE), fineTuneLearningRate, or(imageSize, JobDefaults.IMAGE_SIZE),
                or(widthMultiplier, JobDefaults.WIDTH_MULTIPLIER), or(augmentation, JobDefaults.augmentation(how)),
                or(validationSplit, JobDefaults.VALIDATION_SPLIT), or(seed, JobDefaults.SEED), earlyStoppingPatience,
                budgetMinutes, now);
    }

    private static <T> T or(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
