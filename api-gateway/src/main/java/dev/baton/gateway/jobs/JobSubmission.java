package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import java.time.Instant;
import java.util.Objects;

/**
 * What a user submits to train a model; omitted numbers take the defaults below. Validation is
 * that of {@link TrainingRequest}, so a 400 names the same fields.
 *
 * @param modelName the model the trained version is published under
 * @param dataset a published dataset
 * @param base {@code vgg16} or {@code mobilenet_v2}
 * @param pretrained a registered base model, or {@code none} for random initialisation
 * @param strategy {@code full}, {@code fine_tune}, {@code feature_extraction} or {@code two_phase}
 * @param unfreezeLastBlocks fine-tuning boundary: how many last conv blocks train
 * @param unfreezeFrom fine-tuning boundary: the first block that trains
 * @param head {@code dense}, {@code gap} or {@code svm}
 * @param epochs default 10
 * @param batchSize default 32
 * @param learningRate default 0.001
 * @param fineTuneLearningRate two-phase fine-tuning rate (default a tenth of learningRate)
 * @param imageSize default 224
 * @param widthMultiplier default 1.0
 * @param augmentation default true
 * @param validationSplit default 0.2
 * @param seed default 42
 * @param earlyStoppingPatience epochs without improvement before stopping (default none)
 */
public record JobSubmission(String modelName, String dataset, BaseArchitecture base, String pretrained,
        TrainingStrategy strategy, Integer unfreezeLastBlocks, String unfreezeFrom, HeadType head, Integer epochs,
        Integer batchSize, Double learningRate, Double fineTuneLearningRate, Integer imageSize, Double widthMultiplier,
        Boolean augmentation, Double validationSplit, Long seed, Integer earlyStoppingPatience) {

    /**
     * @param jobId the id the gateway assigned
     * @param now the submission time
     * @return the message to queue (not yet validated)
     */
    public TrainingRequest toRequest(String jobId, Instant now) {
        return new TrainingRequest(BatonMessage.CURRENT_SCHEMA_VERSION, jobId, modelName, dataset, base, pretrained,
                strategy, unfreezeLastBlocks, unfreezeFrom, head, or(epochs, 10), or(batchSize, 32),
                or(learningRate, 0.001), fineTuneLearningRate, or(imageSize, 224), or(widthMultiplier, 1.0),
                or(augmentation, true), or(validationSplit, 0.2), or(seed, 42L), earlyStoppingPatience, now);
    }

    private static <T> T or(T value, T fallback) {
        return Objects.requireNonNullElse(value, fallback);
    }
}
