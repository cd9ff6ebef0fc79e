package dev.baton.transfer.auto;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.baton.transfer.device.DeviceSelector;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.ClassifierHead;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.CheckpointStore;
import dev.baton.transfer.train.CountedDataset;
import dev.baton.transfer.train.EpochRunner;
import dev.baton.transfer.train.FeatureCache;
import dev.baton.transfer.train.InvalidTrainingSpecException;
import dev.baton.transfer.train.ProgressCallback;
import dev.baton.transfer.train.TrainingLosses;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import dev.baton.transfer.train.TransferTrainer;
import dev.baton.transfer.train.ValidationReport;
import dev.baton.transfer.train.WeightSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@code auto} job: (1) one pass of the frozen base over the clean training and the
 * validation images, then every head of the search space on those features ({@link HeadSearch});
 * (2) short fine-tuning probes of a few depths from the best head ({@link DepthProbe}); (3) the
 * chosen fine-tune, with as many epochs as the rest of the budget allows, by the regular {@link
 * TransferTrainer} (checkpointed every epoch, best epoch kept). If no fine-tune fits the budget,
 * or the fine-tune ends below the best head on the frozen base, the result is that head on the
 * frozen base. The search folder keeps every finished trial: a resumed job skips them.
 *
 * <p>Layout of the job folder: {@code search/} ({@link SearchState#FILE}, {@link
 * SearchState#HEAD_WEIGHTS}) and {@code finetune/} (the fine-tune's {@link CheckpointStore}).
 */
public final class AutoTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(AutoTrainer.class);
    /** The search folder inside the job folder. */
    public static final String SEARCH = "search";
    /** The fine-tune's checkpoint folder inside the job folder. */
    public static final String FINETUNE = "finetune";

    private final AutoSpec auto;
    private final List<String> classNames;
    private final Path folder;
    private String jobId;
    private WeightSource weights = WeightSource.randomInit();
    private ProgressCallback progress;
    private AutoProgress searchProgress = new AutoProgress() {};
    private Dataset cleanTrain;
    private Dataset test;

    /**
     * @param auto the job
     * @param classNames class names, index = label; at least 2
     * @param folder the job folder (search state and fine-tune checkpoints; may hold a previous
     *     attempt's)
     */
    public AutoTrainer(AutoSpec auto, List<String> classNames, Path folder) {
        this.auto = Objects.requireNonNull(auto);
        if (classNames == null || classNames.size() < 2) {
            throw new InvalidTrainingSpecException("need at least 2 class names");
        }
        this.classNames = List.copyOf(classNames);
        this.folder = Objects.requireNonNull(folder);
    }

    /** @param id the job id @return this */
    public AutoTrainer jobId(String id) {
        this.jobId = id;
        return this;
    }

    /** @param source the base's pretrained weights @return this */
    public AutoTrainer weights(WeightSource source) {
        this.weights = Objects.requireNonNull(source);
        return this;
    }

    /** @param callback the fine-tune's epochs and checkpoints @return this */
    public AutoTrainer progress(ProgressCallback callback) {
        this.progress = callback;
        return this;
    }

    /** @param callback trials, saved search state and the decision @return this */
    public AutoTrainer searchProgress(AutoProgress callback) {
        this.searchProgress = Objects.requireNonNull(callback);
        return this;
    }

    /** @param clean the training images without augmentation (for the feature pass) @return this */
    public AutoTrainer cleanTrainingData(Dataset clean) {
        this.cleanTrain = clean;
        return this;
    }

    /** @param testData held-out images evaluated once with the final model @return this */
    public AutoTrainer testData(Dataset testData) {
        this.test = testData;
        return this;
    }

    /**
     * Runs (or resumes) the job.
     *
     * @param train the training images (augmented if the job asks for it, shuffled)
     * @param validation the validation images
     * @return the chosen model and the search
     * @throws IOException on I/O failure
     * @throws TranslateException if a dataset fails to produce a batch
     */
    public AutoResult run(Dataset train, Dataset validation) throws IOException, TranslateException {
        Path searchDir = Files.createDirectories(folder.resolve(SEARCH));
        Path headWeights = searchDir.resolve(SearchState.HEAD_WEIGHTS);
        SearchState state = SearchState.read(searchDir).orElse(SearchState.empty());
        Budget budget = new Budget(auto.budget(), state.elapsedSeconds());
        DeviceSelector.applyThreads(auto.template().threads());
        Device device = DeviceSelector.select(auto.template().device());
        int baseBlocks = BackboneFactory.create(auto.template().base(), auto.template().backboneConfig()).blocks().size();
        if (!state.headSearchDone()) {
            state = searchHeads(state, budget, device, train, validation, searchDir, headWeights, baseBlocks);
        }
        Trial bestHead = state.best(Trial.Stage.HEAD)
                .orElseThrow(() -> new IllegalStateException("the head search ran no trial"));
        DepthProbe probe = new DepthProbe(auto, classNames, weights);
        if (!state.depthSearchDone()) {
            state = probeDepths(state, budget, probe, bestHead, baseBlocks, headWeights, train, validation, searchDir);
        }
        if (state.decision() == null) {
            state = save(state.decided(decide(state, budget, probe, bestHead, baseBlocks, train, validation),
                    budget.elapsed()), searchDir);
            LOG.info("decision after {} s: {}", String.format("%.0f", budget.elapsed()), state.decision().why());
            searchProgress.onDecision(state.decision());
        }
        TrainingSpec fineTune = state.decision().fineTune();
        if (fineTune == null) {
            return new AutoResult(headOnly(bestHead, device, validation, headWeights), state);
        }
        TrainingResult tuned = fineTune(fineTune, headWeights, train, validation);
        if (tuned.finalValidation().accuracy() < bestHead.valAccuracy()) {
            LOG.info("the fine-tune ({}) ended below the best head on the frozen base ({}): keeping the head",
                    tuned.finalValidation().accuracy(), bestHead.valAccuracy());
            tuned.close();
            return new AutoResult(headOnly(bestHead, device, validation, headWeights), state);
        }
        return new AutoResult(tuned, state);
    }

    private SearchState save(SearchState state, Path searchDir) throws IOException {
        state.write(searchDir);
        searchProgress.onSearchSaved(searchDir, state);
        return state;
    }

    private SearchState searchHeads(SearchState state, Budget budget, Device device, Dataset train,
            Dataset validation, Path searchDir, Path headWeights, int baseBlocks)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(auto.template().seed());
        TrainingSpec template = auto.template();
        Backbone backbone = BackboneFactory.create(template.base(), template.backboneConfig());
        ClassifierHead any = HeadFactory.create(HeadSpec.defaults(HeadType.GAP), classNames.size());
        try (TransferModel model = TransferModel.create(backbone, any, device);
                NDManager cache = model.manager().newSubManager()) {
            weights.apply(backbone);
            backbone.freezeFirst(backbone.blocks().size());
            Dataset source = cleanTrain != null ? cleanTrain : train;
            long images = CountedDataset.sizeOf(source) + CountedDataset.sizeOf(validation);
            long mapBytes = images * model.featureShape().size() * Float.BYTES;
            boolean keepMaps = auto.space().heads().contains(HeadType.DENSE) && mapBytes <= auto.space().maxFeatureBytes();
            long start = System.nanoTime();
            FeatureCache.Features trainMaps = FeatureCache.extract(backbone.block(), source, cache, !keepMaps);
            FeatureCache.Features valMaps = FeatureCache.extract(backbone.block(), validation, cache, !keepMaps);
            LOG.info("features of {} images in {} s ({} MB of maps kept: {})", images,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9), mapBytes >> 20, keepMaps);
            FeatureCache.Features trainPooled = keepMaps ? trainMaps.pooled(cache) : trainMaps;
            FeatureCache.Features valPooled = keepMaps ? valMaps.pooled(cache) : valMaps;
            HeadSearch search = new HeadSearch(auto.space(), classNames.size(), template.seed(), baseBlocks);
            List<HeadSearch.Candidate> candidates = search.candidates(keepMaps);
            for (int i = state.trials(Trial.Stage.HEAD).size(); i < candidates.size(); i++) {
                if (i > 0 && budget.elapsed() > 0.4 * budget.total()) {
                    LOG.info("head search stopped after {} trials: 40 % of the budget spent", i);
                    break;
                }
                HeadSearch.Candidate c = candidates.get(i);
                boolean maps = c.head() == HeadType.DENSE;
                Trial incumbent = state.best(Trial.Stage.HEAD).orElse(null);
                Trial trial = search.run(state.trials().size() + 1, c, maps ? trainMaps : trainPooled,
                        maps ? valMaps : valPooled, cache, headWeights, incumbent);
                state = save(state.with(trial, budget.elapsed()), searchDir);
                searchProgress.onTrial(trial, trial.beats(incumbent));
            }
        }
        return save(state.headsDone(budget.elapsed()), searchDir);
    }

    private SearchState probeDepths(SearchState state, Budget budget, DepthProbe probe, Trial bestHead, int baseBlocks,
            Path headWeights, Dataset train, Dataset validation, Path searchDir)
            throws IOException, TranslateException {
        List<Integer> depths = probe.depths(baseBlocks);
        for (int i = state.trials(Trial.Stage.DEPTH).size(); i < depths.size(); i++) {
            int depth = depths.get(i);
            // a probe costs about probeImages training steps at its depth; stop when what is left could not
            // also pay for two epochs of the fine-tune the probes so far suggest
            Optional<Trial> last = state.best(Trial.Stage.DEPTH);
            if (last.isPresent()) {
                double perImage = last.get().trainSecondsPerImage() * depth / Math.max(1, last.get().unfreezeLastBlocks());
                double probeCost = perImage * auto.space().probeImages();
                double twoEpochs = 2 * perImage * CountedDataset.sizeOf(train);
                if (budget.remaining() < probeCost + twoEpochs) {
                    LOG.info("depth probes stopped before {} blocks: the budget left ({} s) is for the fine-tune",
                            depth, String.format("%.0f", budget.remaining()));
                    break;
                }
            } else if (budget.remaining() < 0.3 * budget.total()) {
                break;
            }
            Trial trial = probe.run(state.trials().size() + 1, bestHead, depth, baseBlocks, headWeights, train,
                    validation);
            Trial incumbent = state.best(Trial.Stage.DEPTH).orElse(null);
            state = save(state.with(trial, budget.elapsed()), searchDir);
            searchProgress.onTrial(trial, trial.beats(incumbent));
        }
        return save(state.depthsDone(budget.elapsed()), searchDir);
    }

    private SearchState.Decision decide(SearchState state, Budget budget, DepthProbe probe, Trial bestHead,
            int baseBlocks, Dataset train, Dataset validation) {
        Optional<Trial> bestProbe = state.best(Trial.Stage.DEPTH);
        String head = String.format("head %s (lr %.2g, %.1f %% on the frozen base)",
                bestHead.head().name().toLowerCase(), bestHead.learningRate(), 100 * bestHead.valAccuracy());
        if (bestProbe.isEmpty() || bestProbe.get().valAccuracy() == 0) {
            return new SearchState.Decision(null, head + ": no fine-tuning probe fitted the budget");
        }
        Trial p = bestProbe.get();
        double trainImages = CountedDataset.sizeOf(train);
        double valImages = CountedDataset.sizeOf(validation);
        double testImages = test == null ? 0 : CountedDataset.sizeOf(test);
        // an evaluated image costs about a third of a training step (forward only); every epoch validates,
        // and the end evaluates validation and test images once more
        double epochSeconds = trainImages * p.trainSecondsPerImage() + valImages * p.trainSecondsPerImage() / 3;
        double reserve = (valImages + testImages) * p.trainSecondsPerImage() / 3 + 5;
        int epochs = (int) Math.min(auto.maxEpochs(), Math.floor((budget.remaining() - reserve) / epochSeconds));
        if (epochs < 1) {
            return new SearchState.Decision(null, String.format(
                    "%s: one fine-tuning epoch (%.0f s) does not fit the %.0f s left", head, epochSeconds,
                    budget.remaining()));
        }
        TrainingSpec spec = probe.fineTuneSpec(HeadSpec.defaults(p.head()), p.unfreezeLastBlocks(), baseBlocks, epochs)
                .toBuilder().earlyStoppingPatience(Math.max(3, (epochs + 2) / 3)).build();
        String depth = p.unfreezeLastBlocks() >= baseBlocks ? "the whole base"
                : "the last " + p.unfreezeLastBlocks() + " of " + baseBlocks + " blocks";
        return new SearchState.Decision(spec, String.format(
                "%s, then fine-tune %s (best probe: %.1f %%) for %d epochs of about %.0f s within the budget",
                head, depth, 100 * p.valAccuracy(), epochs, epochSeconds));
    }

    private TrainingResult fineTune(TrainingSpec spec, Path headWeights, Dataset train, Dataset validation)
            throws IOException, TranslateException {
        Path checkpoints = folder.resolve(FINETUNE);
        TransferTrainer trainer = new TransferTrainer(spec, classNames).jobId(jobId).weights(weights)
                .headWeights(headWeights).checkpointDirectory(checkpoints).cleanTrainingData(cleanTrain)
                .testData(test);
        if (progress != null) {
            trainer.progress(progress);
        }
        if (new CheckpointStore(checkpoints).latest().isPresent()) {
            return trainer.resume(train, validation);
        }
        return trainer.train(train, validation);
    }

    /** The best head of the search on the frozen base, evaluated like any finished job. */
    private TrainingResult headOnly(Trial best, Device device, Dataset validation, Path headWeights)
            throws IOException, TranslateException {
        TrainingSpec spec = auto.template().toBuilder().strategy(TrainingStrategy.FEATURE_EXTRACTION)
                .freezeBoundary(null).head(HeadSpec.defaults(best.head())).learningRate(best.learningRate())
                .weightDecay(best.weightDecay()).epochs(Math.max(1, best.epochs())).build();
        Backbone backbone = BackboneFactory.create(spec.base(), spec.backboneConfig());
        ClassifierHead head = HeadFactory.create(spec.head(), classNames.size());
        TransferModel model = TransferModel.create(backbone, head, device);
        try {
            weights.apply(backbone);
            ParameterFile.readInto(headWeights, head.parameters());
            backbone.freezeFirst(backbone.blocks().size());
            EpochRunner runner = new EpochRunner(model.block(), model.parameters(),
                    TrainingLosses.forHead(head, 0f), null, model.manager());
            EpochRunner.PassStats v = runner.evaluate(validation, classNames.size(), true);
            ValidationReport report = new ValidationReport(v.loss(), v.accuracy(), classNames, v.confusion());
            ValidationReport testReport = null;
            if (test != null) {
                EpochRunner.PassStats t = runner.evaluate(test, classNames.size(), true);
                testReport = new ValidationReport(t.loss(), t.accuracy(), classNames, t.confusion());
            }
            return new TrainingResult(jobId, spec, classNames, weights.provenance(), model, List.of(), report, 0,
                    testReport);
        } catch (IOException | TranslateException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
