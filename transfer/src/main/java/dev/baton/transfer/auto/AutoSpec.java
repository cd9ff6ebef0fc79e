package dev.baton.transfer.auto;

import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.train.InvalidTrainingSpecException;
import dev.baton.transfer.train.TrainingSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An {@code auto} job: the fixed settings (base, input size, batch size, seed, threads, device: the
 * {@code template}), the time budget of the whole job and the search space.
 *
 * @param template base, input size, padding, BatchNorm epsilon, batch size, seed, threads, device
 *     of every run; its strategy, head and learning rates are what the search chooses
 * @param budget wall time the whole job may take, feature pass, search, fine-tune and final
 *     evaluation included (the fine-tune's epochs are planned to fit)
 * @param maxEpochs the most epochs the final fine-tune may run
 * @param space what the search tries
 */
public record AutoSpec(TrainingSpec template, Duration budget, int maxEpochs, SearchSpace space) {

    /** Validates. */
    public AutoSpec {
        if (template == null || space == null) {
            throw new InvalidTrainingSpecException("template and space must be set");
        }
        if (budget == null || budget.toSeconds() < 30) {
            throw new InvalidTrainingSpecException("the budget must be at least 30 seconds, was " + budget);
        }
        if (maxEpochs < 1) {
            throw new InvalidTrainingSpecException("maxEpochs must be ≥ 1, was " + maxEpochs);
        }
    }

    /**
     * What the search tries, and the fine-tune recipe it applies to the winner. The defaults were
     * chosen by measurement: see {@code bench/RESULTS.md}, section "Good models by default".
     *
     * @param heads the classifiers tried
     * @param learningRates the head learning rates tried (AdamW on cached features)
     * @param weightDecays the weight decays tried
     * @param trialEpochs the most epochs of one head trial
     * @param trialPatience a head trial stops after this many epochs without a better validation
     *     accuracy
     * @param trialBatchSize batch size of the head trials (features are small); doubled for larger sets while an
     *     epoch keeps 32 steps or more
     * @param maxFeatureBytes the largest feature maps kept for the DENSE head (larger: DENSE skipped)
     * @param depths how many of the base's last blocks each probe fine-tunes, as fractions of its
     *     blocks (1 = all)
     * @param probeImages the most training images one probe trains on
     * @param fineTuneLearningRate the head's learning rate in the fine-tune (momentum SGD, cosine decay)
     * @param baseLearningRateScale the base's learning rate as a fraction of the head's
     * @param weightDecay the fine-tune's weight decay
     * @param labelSmoothing the fine-tune's label smoothing (softmax heads)
     * @param warmupEpochs the fine-tune's warm-up, in epochs
     * @param augmentation the augmentation of the training images that the probes and the fine-tune train on
     *     when the job asks for augmentation; whoever builds the job's training dataset applies it (the head
     *     search always reads the clean images)
     */
    public record SearchSpace(
            List<HeadType> heads,
            List<Float> learningRates,
            List<Float> weightDecays,
            int trialEpochs,
            int trialPatience,
            int trialBatchSize,
            long maxFeatureBytes,
            List<Double> depths,
            int probeImages,
            float fineTuneLearningRate,
            float baseLearningRateScale,
            float weightDecay,
            float labelSmoothing,
            float warmupEpochs,
            Augmentation augmentation) {

        /** Copies the lists. */
        public SearchSpace {
            Objects.requireNonNull(augmentation, "augmentation");
            heads = List.copyOf(heads);
            learningRates = List.copyOf(learningRates);
            weightDecays = List.copyOf(weightDecays);
            depths = List.copyOf(depths);
        }

        /**
         * @return the measured defaults; the fine-tune's augmentation is {@link Augmentation#FLIP}: against none,
         *     Fashion-MNIST 100 per class 82.0 -> 83.4 % test, the face set 98 -> 100 %, Fashion-MNIST 10k level
         *     (90.8 -> 91.0 % test, 90.3 -> 91.4 % validation); {@link Augmentation#STANDARD}'s resized crops cost
         *     10k 1.3 points within the budget (89.5 %; bench/RESULTS.md)
         */
        public static SearchSpace defaults() {
            return new SearchSpace(List.of(HeadType.GAP, HeadType.SVM, HeadType.DENSE),
                    List.of(3e-4f, 1e-3f, 3e-3f, 1e-2f), List.of(1e-4f, 1e-2f), 12, 3, 128, 512L << 20,
                    List.of(0.1, 0.35, 1.0), 1500, 0.01f, 0.5f, 5e-5f, 0.1f, 0.5f, Augmentation.FLIP);
        }
    }
}
