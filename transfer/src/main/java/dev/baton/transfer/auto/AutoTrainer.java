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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@code auto} job: (1) one pass of the frozen base over the clean training and the
 * validation images, then every head of the search space on those features ({@link HeadSearch});
 * (2) short fine-tuning probes of a few depths from the best head ({@link DepthProbe}); (3) the
 * chosen fine-tune of a fresh head of the best type, with as many epochs as the rest of the budget
 * allows, by the regular {@link TransferTrainer} (checkpointed every epoch; the best epoch kept, or the
 * last one when the validation set is too small to rank epochs: {@link #MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS}).
 * If no fine-tune fits the budget, or the fine-tune ends below the best head on the frozen base, the
 * result is that head on the frozen base. The search folder keeps every finished trial and the budget
 * spent ({@link BudgetLedger}): a resumed job skips the trials and counts the time.
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
    /**
     * The fewest fine-tuning epochs worth a depth: the deepest probed depth that fits this many is chosen.
     * Fashion-MNIST 10k: the whole base, 3 epochs at lr 0.01 90.4 % validation; the last 2 of 19 blocks,
     * 4 epochs 80.8 % (bench/RESULTS.md).
     */
    static final int MIN_FINE_TUNE_EPOCHS = 3;
    /**
     * The head search runs no trial that would take its trials past this share of the base's feature pass (a
     * cheaper head may still run), so that the search, pass and trials, costs at most 1.5 passes of the base.
     */
    static final double HEAD_SEARCH_SHARE_OF_BASE_PASS = 0.5;
    /**
     * The search, pass and trials, may always take this share of the budget, however short the base pass (small
     * data: a pass of a few seconds would leave its trials no time).
     */
    static final double HEAD_SEARCH_FLOOR_SHARE_OF_BUDGET = 0.02;
    /**
     * The fewest validation images that rank the fine-tune's epochs. The standard error of an accuracy measured
     * on n images is at most 0.5 / sqrt(n): 2.5 points at 400 images, 5 at 100. Below this many, the best of
     * the fine-tune's 10-30 epochs by validation accuracy mostly picks noise (Fashion-MNIST 100 per class, 100
     * validation images: best epoch 87 % validation, 79.7 % test; bench/RESULTS.md), and so does early stopping
     * on its loss: the fine-tune then runs its whole cosine schedule and publishes the last epoch.
     */
    static final int MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS = 400;

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
        TrainingResult tuned = fineTune(fineTune, budget, state, searchDir, train, validation);
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
            double passSeconds = (System.nanoTime() - start) / 1e9;
            LOG.info("features of {} images in {} s ({} MB of maps kept: {})", images,
                    String.format("%.1f", passSeconds), mapBytes >> 20, keepMaps);
            FeatureCache.Features trainPooled = keepMaps ? trainMaps.pooled(cache) : trainMaps;
            FeatureCache.Features valPooled = keepMaps ? valMaps.pooled(cache) : valMaps;
            HeadSearch search = new HeadSearch(auto.space(), classNames.size(), template.seed(), baseBlocks);
            List<HeadSearch.Candidate> candidates = search.candidates(keepMaps);
            double trialAllowance = trialAllowance(passSeconds, budget.total());
            long trialsStart = System.nanoTime();
            TrialCosts costs = new TrialCosts(keepMaps ? (double) trainMaps.bytes() / trainPooled.bytes() : 1);
            state.trials(Trial.Stage.HEAD).forEach(costs::add);
            int skipped = 0;
            for (HeadSearch.Candidate c : candidates) {
                if (state.trials(Trial.Stage.HEAD).stream().anyMatch(t -> HeadSearch.ran(c, t))) {
                    continue; // an earlier attempt ran it
                }
                double trialSeconds = (System.nanoTime() - trialsStart) / 1e9;
                double next = costs.expected(c.head());
                if (!state.trials(Trial.Stage.HEAD).isEmpty() && (budget.elapsed() + next > 0.4 * budget.total()
                        || trialSeconds + next > trialAllowance)) {
                    skipped++; // a cheaper head may still fit
                    continue;
                }
                boolean maps = c.head() == HeadType.DENSE;
                Trial incumbent = state.best(Trial.Stage.HEAD).orElse(null);
                Trial trial = search.run(state.trials().size() + 1, c, maps ? trainMaps : trainPooled,
                        maps ? valMaps : valPooled, cache, headWeights, incumbent);
                costs.add(trial);
                state = save(state.with(trial, budget.elapsed()), searchDir);
                searchProgress.onTrial(trial, trial.beats(incumbent));
            }
            LOG.info("head search: {} trials in {} s, {} skipped for time (the base pass took {} s, the trials may "
                    + "take {} s)", state.trials(Trial.Stage.HEAD).size(),
                    String.format("%.0f", (System.nanoTime() - trialsStart) / 1e9), skipped,
                    String.format("%.0f", passSeconds), String.format("%.0f", trialAllowance));
        }
        return save(state.headsDone(budget.elapsed()), searchDir);
    }

    /**
     * @param passSeconds the base's feature pass over the training and validation images
     * @param budgetSeconds the job's budget
     * @return the seconds the head trials may take: {@link #HEAD_SEARCH_SHARE_OF_BASE_PASS} of the pass, or what
     *     brings the search, pass and trials, to {@link #HEAD_SEARCH_FLOOR_SHARE_OF_BUDGET} of the budget when that
     *     is more; the search thus takes max(1.5 passes, 2 % of the budget)
     */
    static double trialAllowance(double passSeconds, double budgetSeconds) {
        return Math.max(HEAD_SEARCH_SHARE_OF_BASE_PASS * passSeconds,
                HEAD_SEARCH_FLOOR_SHARE_OF_BUDGET * budgetSeconds - passSeconds);
    }

    private SearchState probeDepths(SearchState state, Budget budget, DepthProbe probe, Trial bestHead, int baseBlocks,
            Path headWeights, Dataset train, Dataset validation, Path searchDir)
            throws IOException, TranslateException {
        // deepest first: the first depth whose fine-tune fits MIN_FINE_TUNE_EPOCHS epochs ends the probing
        List<Integer> depths = probe.depths(baseBlocks);
        for (int i = state.trials(Trial.Stage.DEPTH).size(); i < depths.size(); i++) {
            int depth = depths.get(i);
            if (state.trials(Trial.Stage.DEPTH).stream().anyMatch(t -> fineTuneEpochs(t, budget, train, validation)
                    >= MIN_FINE_TUNE_EPOCHS)) {
                break;
            }
            if (budget.remaining() < 0.3 * budget.total()) {
                LOG.info("depth probes stopped before {} blocks: the budget left ({} s) is for the fine-tune",
                        depth, String.format("%.0f", budget.remaining()));
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

    /** Seconds of one fine-tuning epoch at a probe's depth, validation included. */
    private double epochSeconds(Trial probe, Dataset train, Dataset validation) {
        // an evaluated image costs about a third of a training step (forward only)
        return CountedDataset.sizeOf(train) * probe.trainSecondsPerImage()
                + CountedDataset.sizeOf(validation) * probe.trainSecondsPerImage() / 3;
    }

    /** Fine-tuning epochs at a probe's depth that the budget left pays for (0 for a diverged probe). */
    private int fineTuneEpochs(Trial probe, Budget budget, Dataset train, Dataset validation) {
        if (probe.valAccuracy() == 0 || probe.trainSecondsPerImage() <= 0) {
            return 0;
        }
        double testImages = test == null ? 0 : CountedDataset.sizeOf(test);
        // the end evaluates validation and test images once more
        double reserve = (CountedDataset.sizeOf(validation) + testImages) * probe.trainSecondsPerImage() / 3 + 5;
        double epochs = Math.floor((budget.remaining() - reserve) / epochSeconds(probe, train, validation));
        return (int) Math.max(0, Math.min(auto.maxEpochs(), epochs));
    }

    private SearchState.Decision decide(SearchState state, Budget budget, DepthProbe probe, Trial bestHead,
            int baseBlocks, Dataset train, Dataset validation) {
        String head = String.format("head %s (lr %.2g, %.1f %% on the frozen base)",
                bestHead.head().name().toLowerCase(), bestHead.learningRate(), 100 * bestHead.valAccuracy());
        // the deepest probe that fits MIN_FINE_TUNE_EPOCHS epochs, else the one that fits the most: a short probe
        // from a fresh head ranks depths by how fast they move, not by where they end (bench/RESULTS.md)
        Comparator<Trial> preference = Comparator
                .comparing((Trial t) -> fineTuneEpochs(t, budget, train, validation) >= MIN_FINE_TUNE_EPOCHS)
                .thenComparing(t -> fineTuneEpochs(t, budget, train, validation) >= MIN_FINE_TUNE_EPOCHS
                        ? t.unfreezeLastBlocks() : fineTuneEpochs(t, budget, train, validation));
        Optional<Trial> chosen = state.trials(Trial.Stage.DEPTH).stream()
                .filter(t -> fineTuneEpochs(t, budget, train, validation) >= 1).max(preference);
        if (chosen.isEmpty()) {
            return new SearchState.Decision(null, head + ": no fine-tune fits the budget left ("
                    + String.format("%.0f s", budget.remaining()) + ")");
        }
        Trial p = chosen.get();
        int epochs = fineTuneEpochs(p, budget, train, validation);
        boolean rankEpochs = CountedDataset.sizeOf(validation) >= MIN_VALIDATION_IMAGES_TO_RANK_EPOCHS;
        TrainingSpec spec = probe.fineTuneSpec(HeadSpec.defaults(p.head()), p.unfreezeLastBlocks(), baseBlocks, epochs)
                .toBuilder().earlyStoppingPatience(rankEpochs ? Math.max(3, (epochs + 2) / 3) : 0)
                .publishLastEpoch(!rankEpochs).build();
        String depth = p.unfreezeLastBlocks() >= baseBlocks ? "the whole base"
                : "the last " + p.unfreezeLastBlocks() + " of " + baseBlocks + " blocks";
        return new SearchState.Decision(spec, String.format(
                "%s, then fine-tune %s (probe: %.1f %%) for %d epochs of about %.0f s within the budget%s",
                head, depth, 100 * p.valAccuracy(), epochs, epochSeconds(p, train, validation),
                rankEpochs ? "" : String.format(", keeping the last epoch (%d validation images cannot rank epochs)",
                        CountedDataset.sizeOf(validation))));
    }

    /**
     * The chosen fine-tune, from a freshly initialised head of the chosen type: started from the searched head's
     * weights (trained by AdamW on cached features) the same recipe ended at 79.0 % test on Fashion-MNIST 10k
     * against 91.2 % from a fresh head, with shorter epochs (bench/RESULTS.md, runs E and F).
     */
    private TrainingResult fineTune(TrainingSpec spec, Budget budget, SearchState decided, Path searchDir, Dataset train,
            Dataset validation) throws IOException, TranslateException {
        Path checkpoints = folder.resolve(FINETUNE);
        double validationImages = Math.max(1, CountedDataset.sizeOf(validation));
        double testImages = test == null ? 0 : CountedDataset.sizeOf(test);
        TransferTrainer trainer = new TransferTrainer(spec, classNames).jobId(jobId).weights(weights)
                .checkpointDirectory(checkpoints).cleanTrainingData(cleanTrain)
                .testData(test).addListener(new BudgetStopListener(budget, CountedDataset.sizeOf(train),
                        (validationImages + testImages) / validationImages))
                .addListener(new BudgetLedger(budget, decided, state -> save(state, searchDir)));
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
