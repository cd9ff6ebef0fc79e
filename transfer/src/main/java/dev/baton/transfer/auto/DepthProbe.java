package dev.baton.transfer.auto;

import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.OptimizerKind;
import dev.baton.transfer.train.ScheduleKind;
import dev.baton.transfer.train.TrainingDivergedException;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import dev.baton.transfer.train.WeightSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 2 of {@code auto}: short fine-tunes of the last k blocks of the base, from the best head,
 * with the fine-tune recipe, each on at most {@code probeImages} training images; they show how
 * deep to fine-tune and measure what an epoch at each depth costs.
 */
final class DepthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DepthProbe.class);

    private final AutoSpec auto;
    private final List<String> classNames;
    private final WeightSource weights;

    DepthProbe(AutoSpec auto, List<String> classNames, WeightSource weights) {
        this.auto = auto;
        this.classNames = classNames;
        this.weights = weights;
    }

    /**
     * @param baseBlocks blocks of the base
     * @return how many last blocks each probe trains, deepest first, distinct
     */
    List<Integer> depths(int baseBlocks) {
        TreeSet<Integer> depths = new TreeSet<>(Comparator.reverseOrder());
        for (double fraction : auto.space().depths()) {
            depths.add(Math.max(1, Math.min(baseBlocks, (int) Math.ceil(fraction * baseBlocks))));
        }
        return new ArrayList<>(depths);
    }

    /**
     * The fine-tune the search runs at a depth.
     *
     * @param head the chosen head
     * @param unfreezeLast blocks trained
     * @param baseBlocks blocks of the base
     * @param epochs epochs
     * @return the spec
     */
    TrainingSpec fineTuneSpec(HeadSpec head, int unfreezeLast, int baseBlocks, int epochs) {
        AutoSpec.SearchSpace s = auto.space();
        TrainingSpec.Builder b = auto.template().toBuilder()
                .head(head)
                .epochs(epochs)
                .learningRate(s.fineTuneLearningRate())
                .fineTuneLearningRate(s.fineTuneLearningRate())
                .optimizer(OptimizerKind.SGD)
                .momentum(0.9f)
                .weightDecay(s.weightDecay())
                .labelSmoothing(s.labelSmoothing())
                .schedule(ScheduleKind.COSINE)
                .warmupEpochs(Math.min(s.warmupEpochs(), epochs / 4f))
                .baseLearningRateScale(s.baseLearningRateScale())
                .featureCaching(false);
        if (unfreezeLast >= baseBlocks) {
            b.strategy(TrainingStrategy.FULL).freezeBoundary(null);
        } else {
            b.strategy(TrainingStrategy.FINE_TUNE).freezeBoundary(FreezeBoundary.unfreezeLast(unfreezeLast));
        }
        return b.build();
    }

    /**
     * Runs one probe.
     *
     * @param number the trial's number
     * @param best the best head trial (its weights are in {@code headWeights})
     * @param unfreezeLast blocks trained
     * @param baseBlocks blocks of the base
     * @param headWeights the best head's weights
     * @param train the (augmented, shuffled) training data
     * @param validation the validation data
     * @return the finished trial
     */
    Trial run(int number, Trial best, int unfreezeLast, int baseBlocks, Path headWeights, Dataset train,
            Dataset validation) throws IOException, TranslateException {
        long start = System.nanoTime();
        TrainingSpec spec = fineTuneSpec(HeadSpec.defaults(best.head()), unfreezeLast, baseBlocks, 1).toBuilder()
                .warmupEpochs(0.2f).build();
        LimitedDataset part = new LimitedDataset(train, spec.batchSize(), auto.space().probeImages());
        BatchPace pace = new BatchPace();
        TransferTrainer trainer = new TransferTrainer(spec, classNames).weights(weights).headWeights(headWeights)
                .addListener(pace);
        Trial trial;
        try (TrainingResult result = trainer.train(part, validation)) {
            EpochMetrics m = result.history().get(0);
            double secondsPerImage = pace.secondsPerImage(spec.batchSize()).orElse(1 / m.imagesPerSecond());
            trial = new Trial(number, Trial.Stage.DEPTH, best.head(), spec.learningRate(), spec.weightDecay(),
                    unfreezeLast, baseBlocks, 1, 1, m.valAccuracy(), m.valLoss(), (System.nanoTime() - start) / 1e9,
                    secondsPerImage, "");
        } catch (TrainingDivergedException e) {
            trial = new Trial(number, Trial.Stage.DEPTH, best.head(), spec.learningRate(), spec.weightDecay(),
                    unfreezeLast, baseBlocks, 1, 0, 0, Double.NaN, (System.nanoTime() - start) / 1e9, 0,
                    e.getMessage());
        }
        LOG.info("trial {}: {} -> val accuracy {}", number, trial.settings(), String.format("%.4f", trial.valAccuracy()));
        return trial;
    }
}
