package dev.baton.transfer.auto;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.translate.TranslateException;
import dev.baton.transfer.model.ClassifierHead;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.train.AdamW;
import dev.baton.transfer.train.EpochRunner;
import dev.baton.transfer.train.FeatureCache;
import dev.baton.transfer.train.TrainingLosses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 1 of {@code auto}: every classifier × learning rate × weight decay of the search space,
 * trained with AdamW on features of the frozen base computed once (so the trials together cost a
 * fraction of one pass of the base), each for a few epochs with early stopping on validation
 * accuracy. The best trial's head weights (at its best epoch) are kept in the search folder.
 */
final class HeadSearch {
    private static final Logger LOG = LoggerFactory.getLogger(HeadSearch.class);

    /** The fewest steps in a trial's epoch for which {@link #trialBatch} still doubles the batch. */
    static final int MIN_TRIAL_STEPS_PER_EPOCH = 32;
    /** The largest batch of a trial. */
    static final int MAX_TRIAL_BATCH = 1024;

    /** One combination to try. */
    record Candidate(HeadType head, float learningRate, float weightDecay) {}

    private final AutoSpec.SearchSpace space;
    private final int classes;
    private final int seed;
    private final int baseBlocks;

    HeadSearch(AutoSpec.SearchSpace space, int classes, int seed, int baseBlocks) {
        this.space = space;
        this.classes = classes;
        this.seed = seed;
        this.baseBlocks = baseBlocks;
    }

    /**
     * The grid in the order it runs: the heads on pooled features first, then DENSE (on whole feature maps, about
     * ten times the cost of a trial); within each, learning rates from the largest (on cached features the best
     * rate of every head was the largest or next to it, bench/RESULTS.md), and at each rate and weight decay every
     * head, so that a search cut short by its time allowance has tried each cheap head at its likeliest rates.
     *
     * @param mapsAvailable whether whole feature maps are cached (the DENSE head needs them)
     * @return the candidates in the order they run
     */
    List<Candidate> candidates(boolean mapsAvailable) {
        List<Float> rates = new ArrayList<>(space.learningRates());
        rates.sort(Comparator.reverseOrder());
        List<Candidate> all = new ArrayList<>();
        for (boolean dense : new boolean[] {false, true}) {
            for (float lr : rates) {
                for (float wd : space.weightDecays()) {
                    for (HeadType head : space.heads()) {
                        if ((head == HeadType.DENSE) == dense && (!dense || mapsAvailable)) {
                            all.add(new Candidate(head, lr, wd));
                        }
                    }
                }
            }
        }
        return all;
    }

    /**
     * The batch of a trial: the search space's, doubled while an epoch would still take at least {@link
     * #MIN_TRIAL_STEPS_PER_EPOCH} steps. Much of a step's cost on cached features is per step (the optimizer's and
     * the engine's work), not per image, so fewer, larger steps keep the trials' share of the search from growing
     * with the dataset as the base pass does: Fashion-MNIST 10k's 9,000 features take 35 steps of 256 an epoch
     * instead of 71 of 128, and its GAP and SVM trials became 10 and 30 % cheaper (bench/RESULTS.md).
     *
     * @param smallest the search space's trial batch
     * @param images training images
     * @return the batch
     */
    static int trialBatch(int smallest, long images) {
        int batch = smallest;
        while (batch < MAX_TRIAL_BATCH && images / (2L * batch) >= MIN_TRIAL_STEPS_PER_EPOCH) {
            batch *= 2;
        }
        return batch;
    }

    /**
     * @param candidate a candidate of the grid
     * @param trial a finished head trial
     * @return whether the trial ran that candidate
     */
    static boolean ran(Candidate candidate, Trial trial) {
        return trial.stage() == Trial.Stage.HEAD && trial.head() == candidate.head()
                && trial.learningRate() == candidate.learningRate() && trial.weightDecay() == candidate.weightDecay();
    }

    /**
     * Runs one candidate.
     *
     * @param number the trial's number
     * @param candidate what to train
     * @param train training features (pooled for GAP and SVM, maps for DENSE)
     * @param validation validation features, same shape
     * @param manager parent of the trial's memory
     * @param weightsOut where to write the head's weights at its best epoch if {@code keep} says so
     * @param incumbent the best head trial so far, or null
     * @return the finished trial
     */
    Trial run(int number, Candidate candidate, FeatureCache.Features train, FeatureCache.Features validation,
            NDManager manager, Path weightsOut, Trial incumbent) throws IOException, TranslateException {
        long start = System.nanoTime();
        AutoSpec.SearchSpace s = space;
        try (NDManager scope = manager.newSubManager()) {
            Engine.getInstance().setRandomSeed(seed * 31 + number);
            ClassifierHead head = HeadFactory.create(HeadSpec.defaults(candidate.head()), classes);
            Shape one = train.features().getShape().slice(1);
            head.block().initialize(scope, DataType.FLOAT32, new Shape(1).addAll(one));
            try (AdamW optimizer = new AdamW(scope, candidate.learningRate(), candidate.weightDecay())) {
                EpochRunner runner = new EpochRunner(head.block(), head.parameters(),
                        TrainingLosses.forHead(head, 0f), optimizer, scope);
                Map<String, NDArray> best = new LinkedHashMap<>();
                int bestEpoch = 0;
                double bestAccuracy = -1;
                double bestLoss = Double.NaN;
                String note = "";
                int epoch = 0;
                int batch = trialBatch(s.trialBatchSize(), train.features().getShape().get(0));
                while (epoch < s.trialEpochs() && epoch - bestEpoch < s.trialPatience()) {
                    epoch++;
                    Engine.getInstance().setRandomSeed(seed * 31 + number * 1009 + epoch);
                    EpochRunner.PassStats t = runner.train(train.dataset(batch, true));
                    if (!Double.isFinite(t.loss())) {
                        note = "diverged in epoch " + epoch + " (loss " + t.loss() + ")";
                        break;
                    }
                    EpochRunner.PassStats v = runner.evaluate(validation.dataset(batch, false), classes, false);
                    if (v.accuracy() > bestAccuracy || (v.accuracy() == bestAccuracy && v.loss() < bestLoss)) {
                        bestAccuracy = v.accuracy();
                        bestLoss = v.loss();
                        bestEpoch = epoch;
                        best.values().forEach(NDArray::close);
                        best.clear();
                        for (Map.Entry<String, Parameter> e : head.parameters().entrySet()) {
                            NDArray copy = e.getValue().getArray().duplicate();
                            copy.attach(scope);
                            best.put(e.getKey(), copy);
                        }
                    }
                }
                Trial trial = new Trial(number, Trial.Stage.HEAD, candidate.head(), candidate.learningRate(),
                        candidate.weightDecay(), 0, baseBlocks, epoch, bestEpoch, Math.max(bestAccuracy, 0),
                        bestLoss, (System.nanoTime() - start) / 1e9, 0, note);
                if (!best.isEmpty() && trial.beats(incumbent)) {
                    Path tmp = Files.createTempFile(weightsOut.getParent(), "head", ".tmp");
                    ParameterFile.write(tmp, best);
                    Files.move(tmp, weightsOut, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                LOG.info("trial {}: {} -> val accuracy {} ({} epochs)", number, trial.settings(),
                        String.format("%.4f", trial.valAccuracy()), epoch);
                return trial;
            }
        }
    }
}
