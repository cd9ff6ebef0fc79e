package dev.baton.contracts.messages;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;

/**
 * A training job as queued on {@code baton.training.requests}: which dataset, which pretrained
 * base, how to train it, and under which model name to publish the result.
 *
 * @param schemaVersion the message schema version
 * @param jobId the job's id, assigned by the gateway
 * @param modelName the model the trained version is published under
 * @param dataset the name of a dataset in the object store
 * @param base the conv base architecture
 * @param pretrained the registered base-model weights to start from, or {@code none} for random init
 * @param strategy which part of the network trains
 * @param unfreezeLastBlocks for fine-tuning: how many of the last conv blocks train (or null)
 * @param unfreezeFrom for fine-tuning: the first block that trains, by name (or null)
 * @param head the classifier on top of the base
 * @param epochs number of epochs (for two-phase: of each phase; for auto: the most epochs of its fine-tune)
 * @param batchSize images per batch
 * @param learningRate the learning rate (of the head phase for two-phase)
 * @param fineTuneLearningRate the fine-tuning rate of two-phase jobs; null means a tenth of learningRate
 * @param imageSize the square input size in pixels
 * @param widthMultiplier channel multiplier of the base (1.0 for pretrained bases)
 * @param augmentation whether training images are augmented: random flips and resized crops (auto: random
 *     flips of the images its fine-tune trains on)
 * @param validationSplit the fraction of images held out for validation
 * @param seed the seed for the split, initialisation, shuffling and augmentation
 * @param earlyStoppingPatience epochs without validation-loss improvement before stopping, or null
 * @param budgetMinutes auto: the wall time the whole job may take (null: {@link JobDefaults#BUDGET_MINUTES});
 *     other strategies: must be null
 * @param submittedAt when the gateway accepted the job
 */
public record TrainingRequest(
        int schemaVersion,
        @NotNull @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String modelName,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String dataset,
        @NotNull BaseArchitecture base,
        @NotNull @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String pretrained,
        @NotNull TrainingStrategy strategy,
        @Min(1) @Max(20) Integer unfreezeLastBlocks,
        @Pattern(regexp = "[a-z0-9_.]{1,40}", message = "must be a block name such as block4 or features.14") String unfreezeFrom,
        @NotNull HeadType head,
        @Min(1) @Max(1000) int epochs,
        @Min(1) @Max(1024) int batchSize,
        @Positive @DecimalMax("1.0") double learningRate,
        @Positive @DecimalMax("1.0") Double fineTuneLearningRate,
        @Min(32) @Max(224) int imageSize,
        @DecimalMin("0.1") @DecimalMax("1.0") double widthMultiplier,
        boolean augmentation,
        @DecimalMin("0.05") @DecimalMax("0.5") double validationSplit,
        long seed,
        @Min(1) @Max(100) Integer earlyStoppingPatience,
        @Min(1) @Max(1440) Integer budgetMinutes,
        @NotNull Instant submittedAt) implements BatonMessage {

    /** The value of {@code pretrained} that asks for a randomly initialised base. */
    public static final String RANDOM_INIT = "none";

    /** @return false when a random-init base is asked to be frozen (it would learn nothing) */
    @AssertTrue(message = "pretrained 'none' (random initialisation) needs strategy 'full': a frozen random base learns nothing")
    public boolean isRandomInitOnlyWithFullTraining() {
        return !RANDOM_INIT.equals(pretrained) || strategy == TrainingStrategy.FULL;
    }

    /** @return false when both fine-tuning boundaries are given */
    @AssertTrue(message = "give either unfreezeLastBlocks or unfreezeFrom, not both")
    public boolean isOneFineTuneBoundary() {
        return unfreezeLastBlocks == null || unfreezeFrom == null;
    }

    /** @return false when a boundary is given to a strategy that does not use one */
    @AssertTrue(message = "unfreezeLastBlocks and unfreezeFrom apply to strategies 'fine_tune' and 'two_phase' only")
    public boolean isBoundaryOnlyForFineTuning() {
        boolean boundary = unfreezeLastBlocks != null || unfreezeFrom != null;
        return !boundary || strategy == TrainingStrategy.FINE_TUNE || strategy == TrainingStrategy.TWO_PHASE;
    }

    /** @return false when a budget is given to a strategy that has none */
    @AssertTrue(message = "budgetMinutes applies to strategy 'auto' only")
    public boolean isBudgetOnlyForAuto() {
        return budgetMinutes == null || strategy == TrainingStrategy.AUTO;
    }

    /** @return the budget of an auto job */
    public int budgetMinutesOrDefault() {
        return budgetMinutes == null ? JobDefaults.BUDGET_MINUTES : budgetMinutes;
    }

    /** @return false when a pretrained base is asked with a width multiplier other than 1.0 */
    @AssertTrue(message = "widthMultiplier must be 1.0 with a pretrained base; other widths need pretrained 'none'")
    public boolean isFullWidthWhenPretrained() {
        return RANDOM_INIT.equals(pretrained) || widthMultiplier == 1.0;
    }
}
