package dev.baton.transfer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import dev.baton.transfer.device.DeviceSelector;
import dev.baton.transfer.data.TrainingBatches;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.ClassifierHead;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.strategy.InvalidFreezeBoundaryException;
import dev.baton.transfer.strategy.PhasePlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains a backbone + head on DJL datasets according to a {@link TrainingSpec}.
 *
 * <p>The phases come from one {@link PhasePlan}. Per epoch: reseed (from seed and epoch, so a
 * resumed job repeats the same randomness), train, validate, then notify listeners (learning-rate
 * schedule and divergence check around every batch; best epoch, early stopping, progress and
 * checkpointing at epoch end). TWO_PHASE runs the head phase on a frozen backbone, then unfreezes
 * per the boundary, resets the optimizer and fine-tunes at the fine-tune learning rate. With
 * feature caching and a fully frozen backbone, the backbone runs once per image (of the clean
 * training images when given, so that no random augmentation is frozen into the cache) and the
 * head trains on the cached features. The weights of the best epoch are the result (of the last
 * epoch with {@link TrainingSpec#publishLastEpoch()}).
 *
 * <p>Datasets yield NCHW float images (already normalised) and integer class labels 0..C-1. The
 * PyTorch engine allows one gradient collector per JVM at a time: run one training job per
 * process (or serialise jobs).
 */
public final class TransferTrainer {

    private final TrainingSpec spec;
    private final List<String> classNames;
    private final List<EpochListener> extraListeners = new ArrayList<>();
    private String jobId;
    private WeightSource weights = WeightSource.randomInit();
    private Path headWeights;
    private Dataset cleanTrain;
    private Dataset test;
    private CheckpointStore checkpoints;
    private ProgressCallback progress;

    /**
     * @param spec the job spec
     * @param classNames class names, index = label; at least 2
     */
    public TransferTrainer(TrainingSpec spec, List<String> classNames) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (classNames == null || classNames.size() < 2) {
            throw new InvalidTrainingSpecException("need at least 2 class names");
        }
        this.classNames = List.copyOf(classNames);
    }

    /** @param id the job id recorded in checkpoints, events and bundles @return this */
    public TransferTrainer jobId(String id) {
        this.jobId = id;
        return this;
    }

    /** @param source starting weights of the backbone (default: seeded random init) @return this */
    public TransferTrainer weights(WeightSource source) {
        this.weights = Objects.requireNonNull(source);
        return this;
    }

    /**
     * @param file starting weights of the head, a parameter file of {@code head.*} names (for
     *     example a head trained on cached features); default: seeded random init
     * @return this
     */
    public TransferTrainer headWeights(Path file) {
        this.headWeights = file;
        return this;
    }

    /**
     * @param clean the training images without augmentation, in any order: what the feature cache
     *     reads, since a cache would freeze one random view of each image for every epoch
     * @return this
     */
    public TransferTrainer cleanTrainingData(Dataset clean) {
        this.cleanTrain = clean;
        return this;
    }

    /** @param testData held-out images evaluated once with the final weights (optional) @return this */
    public TransferTrainer testData(Dataset testData) {
        this.test = testData;
        return this;
    }

    /** @param directory checkpoint after every epoch into this folder @return this */
    public TransferTrainer checkpointDirectory(Path directory) {
        this.checkpoints = new CheckpointStore(directory);
        return this;
    }

    /** @param callback receives EpochCompleted and Checkpointed events @return this */
    public TransferTrainer progress(ProgressCallback callback) {
        this.progress = callback;
        return this;
    }

    /** @param listener an extra listener, called after the built-in ones @return this */
    public TransferTrainer addListener(EpochListener listener) {
        extraListeners.add(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * Trains from scratch (starting weights from the {@link WeightSource}).
     *
     * @param train training data
     * @param validation validation data
     * @return the trained model and its metrics
     * @throws IOException on checkpoint or weight I/O failure
     * @throws TranslateException if a dataset fails to produce a batch
     * @throws TrainingDivergedException if the loss became NaN or infinite
     */
    public TrainingResult train(Dataset train, Dataset validation)
            throws IOException, TranslateException {
        return run(train, validation, null);
    }

    /**
     * Continues from the latest checkpoint in the checkpoint directory: a job resumed after epoch k
     * continues at epoch k+1 and ends as an uninterrupted job would.
     *
     * @param train training data (same as the interrupted job)
     * @param validation validation data (same as the interrupted job)
     * @return the trained model and its metrics (history includes the epochs before the resume)
     * @throws NoCheckpointException if there is no checkpoint
     * @throws InvalidTrainingSpecException if the checkpoint was written for another spec or
     *     other classes
     * @throws IOException on I/O failure
     * @throws TranslateException if a dataset fails to produce a batch
     */
    public TrainingResult resume(Dataset train, Dataset validation)
            throws IOException, TranslateException {
        if (checkpoints == null) {
            throw new NoCheckpointException("no checkpoint directory configured");
        }
        Path latest = checkpoints.latest()
                .orElseThrow(() -> new NoCheckpointException("no checkpoint in " + checkpoints.root()));
        CheckpointState state = CheckpointStore.readState(latest);
        if (!state.spec().equals(spec) || !state.classNames().equals(classNames)) {
            throw new InvalidTrainingSpecException(
                    "checkpoint " + latest + " was written for a different spec or class list");
        }
        return run(train, validation, latest);
    }

    /**
     * @param spec a spec
     * @param backbone its base
     * @return the spec's phases on that base
     * @throws InvalidTrainingSpecException if the freeze boundary does not fit the base
     */
    public static PhasePlan plan(TrainingSpec spec, Backbone backbone) {
        try {
            return PhasePlan.of(spec.strategy(), spec.freezeBoundary(), backbone, spec.epochs(), spec.headEpochs(),
                    spec.learningRate(), spec.fineTuneLearningRate());
        } catch (InvalidFreezeBoundaryException e) {
            throw new InvalidTrainingSpecException(e.getMessage(), e);
        }
    }

    private TrainingResult run(Dataset train, Dataset validation, Path resumeFrom)
            throws IOException, TranslateException {
        DeviceSelector.applyThreads(spec.threads());
        Device device = DeviceSelector.select(spec.device());
        Engine.getInstance().setRandomSeed(spec.seed());
        Backbone backbone = BackboneFactory.create(spec.base(), spec.backboneConfig());
        ClassifierHead head = HeadFactory.create(spec.head(), classNames.size());
        PhasePlan plan = plan(spec, backbone);
        TransferModel model = TransferModel.create(backbone, head, device);
        try (StatefulOptimizer optimizer = spec.optimizer().create(model.manager(), spec);
                BestEpoch best = new BestEpoch(model.manager())) {
            weights.apply(backbone);
            if (headWeights != null) {
                ParameterFile.readInto(headWeights, head.parameters());
            }
            return runPhases(train, validation, resumeFrom, model, optimizer, best, plan);
        } catch (IOException | TranslateException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private TrainingResult runPhases(Dataset train, Dataset validation, Path resumeFrom,
            TransferModel model, StatefulOptimizer optimizer, BestEpoch best, PhasePlan plan)
            throws IOException, TranslateException {
        int startPhase = 1;
        int doneInPhase = 0;
        List<EpochMetrics> history = List.of();
        String provenance = weights.provenance();
        int epoch = 0;
        if (resumeFrom != null) {
            CheckpointState state = CheckpointStore.readState(resumeFrom);
            CheckpointStore.restore(resumeFrom, model, optimizer, best);
            startPhase = state.phaseFinished() ? state.phase() + 1 : state.phase();
            doneInPhase = state.phaseFinished() ? 0 : state.epochInPhase();
            history = state.history();
            provenance = state.weightsProvenance();
            epoch = state.epoch();
        }
        TrainingContext context = new TrainingContext(jobId, spec, model, optimizer, plan, best, history);
        context.setEpoch(epoch);
        List<EpochListener> listeners = listeners(provenance);
        Loss loss = TrainingLosses.forHead(model.head(), spec.labelSmoothing());
        EpochRunner.BatchHooks hooks = new EpochRunner.BatchHooks() {
            @Override
            public void beforeBatch(int index) {
                context.startBatch(index);
                each(listeners, l -> l.onBatchStart(context));
            }

            @Override
            public void afterBatch(int index, float value) {
                each(listeners, l -> l.onBatchEnd(context, value));
            }
        };
        for (int phase = startPhase; phase <= plan.phaseCount(); phase++) {
            plan.apply(model.backbone(), phase);
            if (doneInPhase == 0 && phase > 1) {
                optimizer.resetState();
            }
            boolean cache = spec.featureCaching() && plan.phase(phase).baseFrozen();
            long images = CountedDataset.sizeOf(cache && cleanTrain != null ? cleanTrain : train);
            context.startPhase(phase, doneInPhase, TrainingBatches.perEpoch(images, spec.batchSize()));
            doneInPhase = 0;
            try (NDManager cacheManager = model.manager().newSubManager()) {
                Dataset phaseTrain = train;
                Dataset phaseVal = validation;
                EpochRunner runner;
                if (cache) {
                    boolean pool = model.head().spec().type().startsWithGlobalPooling();
                    Dataset source = cleanTrain != null ? cleanTrain : train;
                    phaseTrain = FeatureCache.build(model.backbone().block(), source, cacheManager, spec.batchSize(), true, pool);
                    phaseVal = FeatureCache.build(model.backbone().block(), validation, cacheManager, spec.batchSize(), false, pool);
                    runner = new EpochRunner(model.head().block(), model.head().parameters(), loss, optimizer, model.manager());
                } else {
                    runner = new EpochRunner(model.block(), model.parameters(), loss, optimizer, model.manager());
                }
                each(listeners, l -> l.onPhaseStart(context));
                while (!context.phaseEnding()) {
                    context.startEpoch();
                    Engine.getInstance().setRandomSeed(epochSeed(spec.seed(), context.epoch()));
                    each(listeners, l -> l.onEpochStart(context));
                    long start = System.nanoTime();
                    EpochRunner.PassStats t = runner.train(phaseTrain, hooks);
                    EpochRunner.PassStats v = runner.evaluate(phaseVal, classNames.size(), false);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    EpochMetrics metrics = new EpochMetrics(context.epoch(), phase, t.loss(), t.accuracy(),
                            v.loss(), v.accuracy(), t.images() / (t.nanos() / 1e9),
                            optimizer.learningRate(), millis);
                    context.record(metrics);
                    each(listeners, l -> l.onEpochEnd(context, metrics));
                }
            }
        }
        int published = best.epoch();
        if (spec.publishLastEpoch()) {
            published = context.history().isEmpty() ? 0 : context.history().get(context.history().size() - 1).epoch();
        } else if (best.epoch() > 0) {
            best.restoreInto(model);
        }
        EpochRunner finalRunner = new EpochRunner(model.block(), model.parameters(), loss, optimizer, model.manager());
        EpochRunner.PassStats last = finalRunner.evaluate(validation, classNames.size(), true);
        ValidationReport report = new ValidationReport(last.loss(), last.accuracy(), classNames, last.confusion());
        ValidationReport testReport = null;
        if (test != null) {
            EpochRunner.PassStats t = finalRunner.evaluate(test, classNames.size(), true);
            testReport = new ValidationReport(t.loss(), t.accuracy(), classNames, t.confusion());
        }
        each(listeners, l -> l.onTrainingEnd(context));
        return new TrainingResult(jobId, spec, classNames, provenance, model, context.history(), report,
                published, testReport);
    }

    private List<EpochListener> listeners(String provenance) {
        List<EpochListener> listeners = new ArrayList<>();
        listeners.add(new LearningRateScheduleListener(spec.schedule().schedule(spec.warmupEpochs())));
        listeners.add(new DivergenceListener());
        listeners.add(new BestEpochListener());
        if (spec.earlyStoppingPatience() > 0) {
            listeners.add(new EarlyStoppingListener(spec.earlyStoppingPatience()));
        }
        if (progress != null) {
            listeners.add(new ProgressReportingListener(progress));
        }
        if (checkpoints != null) {
            listeners.add(new CheckpointListener(checkpoints, classNames, provenance, progress));
        }
        listeners.addAll(extraListeners);
        return listeners;
    }

    private static void each(List<EpochListener> listeners, Consumer<EpochListener> call) {
        listeners.forEach(call);
    }

    /**
     * @param seed job seed
     * @param epoch global epoch
     * @return the engine seed used for that epoch (dropout masks, shuffling)
     */
    static int epochSeed(int seed, int epoch) {
        return seed * 1_000_003 + epoch;
    }
}
