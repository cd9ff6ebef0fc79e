package dev.baton.trainer.job;

import dev.baton.contracts.messages.BatonMessage;
import ai.djl.training.dataset.Dataset;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrialReport;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ImageSplit;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.trainer.checkpoint.RemoteCheckpoints;
import dev.baton.trainer.config.WorkerConfig;
import dev.baton.trainer.data.DatasetCache;
import dev.baton.trainer.metrics.TrainerMetrics;
import dev.baton.trainer.publish.VersionAllocator;
import dev.baton.trainer.queue.TrainerProducer;
import dev.baton.transfer.auto.AutoProgress;
import dev.baton.transfer.auto.AutoResult;
import dev.baton.transfer.auto.AutoTrainer;
import dev.baton.transfer.auto.SearchState;
import dev.baton.transfer.auto.Trial;
import dev.baton.transfer.bundle.BundleWriter;
import dev.baton.transfer.data.DatasetException;
import dev.baton.transfer.data.DatasetLayout;
import dev.baton.transfer.data.TrainingData;
import dev.baton.transfer.data.TrainingDataFactory;
import dev.baton.transfer.model.InvalidBackboneConfigException;
import dev.baton.transfer.model.UnknownBaseModelException;
import dev.baton.transfer.strategy.PhasePlan;
import dev.baton.transfer.train.EpochMetrics;
import dev.baton.transfer.train.InvalidTrainingSpecException;
import dev.baton.transfer.train.ProgressCallback;
import dev.baton.transfer.train.ProgressEvent;
import dev.baton.transfer.train.TrainingDivergedException;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TransferTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs one delivery of a training job: STARTED, pull the dataset into the local cache, validate it,
 * restore the last checkpoint if there is one (RESUMED), train with a checkpoint to the object
 * store after every epoch (EPOCH, CHECKPOINTED; an {@code auto} job first reports every trial of its
 * search, TRIAL, and its choice, PLANNED, and uploads its search state after every trial), then
 * publish the bundle of the best epoch at the job's version, the model-published record and
 * SUCCEEDED. Every way a job can end is turned into a {@link JobOutcome}; nothing a job does escapes
 * as an exception, and {@link TerminalEvents} writes every end.
 */
public final class TrainingJobRunner {
    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    private final WorkerConfig config;
    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final DatasetCache datasets;
    private final RemoteCheckpoints checkpoints;
    private final VersionAllocator versions;
    private final TerminalEvents terminal;
    private final TrainerProducer producer;
    private final TrainerMetrics metrics;
    private final Function<String, Optional<CancelRequest>> cancels;

    /**
     * @param config the worker's settings
     * @param store the object store
     * @param versions the version allocator
     * @param producer where events and records go
     * @param terminal where jobs end
     * @param metrics the trainer's meters
     * @param cancels the cancel read for a job id, if any
     */
    public TrainingJobRunner(WorkerConfig config, ObjectStore store, VersionAllocator versions,
            TrainerProducer producer, TerminalEvents terminal, TrainerMetrics metrics,
            Function<String, Optional<CancelRequest>> cancels) {
        this.config = config;
        this.store = store;
        this.publisher = new AtomicPublisher(store);
        this.datasets = new DatasetCache(store, config.workDir().resolve("datasets"), metrics);
        this.checkpoints = new RemoteCheckpoints(store);
        this.versions = versions;
        this.terminal = terminal;
        this.producer = producer;
        this.metrics = metrics;
        this.cancels = cancels;
    }

    /**
     * Runs a delivery of a job to its end on this trainer.
     *
     * @param request the job
     * @param attempt the delivery count
     * @param signal asks the job to stop between batches
     * @return how it ended
     */
    public JobOutcome run(TrainingRequest request, int attempt, StopSignal signal) {
        String jobId = request.jobId();
        Path work = config.workDir().resolve("jobs").resolve(jobId);
        int plannedEpochs = PhasePlan.plannedEpochs(JobSetup.engineStrategy(request), request.epochs(),
                request.epochs());
        try {
            Optional<CancelRequest> early = cancels.apply(jobId);
            if (early.isPresent()) {
                return terminal.finish(event(request, attempt, TrainingEventType.CANCELLED)
                        .withReason(cancelReason(early.get(), "before it started")));
            }
            producer.event(event(request, attempt, TrainingEventType.STARTED).atEpoch(0, plannedEpochs));
            if (attempt == 1) {
                metrics.queueWait(Duration.between(request.submittedAt(), Instant.now()));
            }
            Optional<JobOutcome> published = alreadyPublished(request, attempt);
            if (published.isPresent()) {
                return published.get();
            }
            DatasetCache.LocalDataset local = datasets.fetch(request.dataset());
            JobSetup setup = JobSetup.of(request, store, config.workDir().resolve("base-models"), config.threads(),
                    config.device());
            signal.check();
            DatasetLayout layout = DatasetLayout.of(local.imagesRoot(), ImageSplit.TRAIN.folder(),
                    ImageSplit.TEST.folder());
            TrainingData data = TrainingDataFactory.prepare(layout.train(), setup.data());
            Dataset test = layout.test().isPresent()
                    ? TrainingDataFactory.test(layout.test().get(), setup.data(), data.index().classNames()) : null;
            DatasetCache.deleteRecursively(work);
            StoppableDataset train = new StoppableDataset(data.train(), signal);
            StoppableDataset clean = new StoppableDataset(data.trainClean(), signal);
            StoppableDataset validation = new StoppableDataset(data.validation(), signal);
            Progress progress = new Progress(request, attempt);
            if (setup.isAuto()) {
                Path folder = work.resolve("auto");
                boolean resumed = checkpoints.downloadSearch(jobId, folder.resolve(AutoTrainer.SEARCH));
                Optional<Integer> after = checkpoints.downloadLatest(jobId, folder.resolve(AutoTrainer.FINETUNE));
                if (resumed || after.isPresent()) {
                    producer.event(event(request, attempt, TrainingEventType.RESUMED).atEpoch(after.orElse(0),
                            plannedEpochs).withReason(after.isPresent() ? "resumed the fine-tune from the checkpoint "
                            + "of epoch " + after.get() : "resumed the search after its finished trials"));
                }
                AutoTrainer trainer = new AutoTrainer(setup.auto(), data.index().classNames(), folder).jobId(jobId)
                        .weights(setup.weights()).progress(progress).searchProgress(new Search(request, attempt))
                        .cleanTrainingData(clean).testData(test);
                try (AutoResult result = trainer.run(train, validation)) {
                    return publish(request, attempt, result.result(), result.search(), setup, work);
                }
            }
            Path checkpointDir = work.resolve("checkpoints");
            Optional<Integer> resumeAfter = checkpoints.downloadLatest(jobId, checkpointDir);
            TransferTrainer trainer = new TransferTrainer(setup.spec(), data.index().classNames())
                    .jobId(jobId)
                    .weights(setup.weights())
                    .checkpointDirectory(checkpointDir)
                    .cleanTrainingData(clean)
                    .testData(test)
                    .progress(progress);
            TrainingResult result;
            if (resumeAfter.isPresent()) {
                metrics.resumed();
                producer.event(event(request, attempt, TrainingEventType.RESUMED).atEpoch(resumeAfter.get(), plannedEpochs)
                        .withReason("resumed from the checkpoint of epoch " + resumeAfter.get()));
                result = trainer.resume(train, validation);
            } else {
                result = trainer.train(train, validation);
            }
            try (result) {
                return publish(request, attempt, result, null, setup, work);
            }
        } catch (JobStoppedException e) {
            return stopped(request, attempt, e.reason());
        } catch (JobInputException e) {
            return fail(request, attempt, e.getMessage());
        } catch (DatasetException e) {
            return fail(request, attempt, "dataset '" + request.dataset() + "' cannot be used: " + e.getMessage());
        } catch (InvalidTrainingSpecException | UnknownBaseModelException | InvalidBackboneConfigException e) {
            return fail(request, attempt, "invalid training settings: " + e.getMessage());
        } catch (TrainingDivergedException e) {
            return fail(request, attempt, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            Optional<JobStoppedException> stop = FailureReasons.stopped(e);
            if (stop.isPresent()) {
                return stopped(request, attempt, stop.get().reason());
            }
            if (FailureReasons.outOfMemory(e)) {
                return fail(request, attempt, FailureReasons.outOfMemoryReason(request, config.device().name()));
            }
            LOG.errorf(e, "job %s failed on attempt %d", jobId, attempt);
            if (attempt < config.maxAttempts() && !(e instanceof IllegalArgumentException)) {
                return new JobOutcome.Released("transient failure: " + e);
            }
            return fail(request, attempt, "the trainer could not run the job (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ") after " + attempt + " attempts; check the dataset and the settings, "
                    + "then submit it again");
        } finally {
            metrics.jobGone(jobId);
            try {
                DatasetCache.deleteRecursively(work);
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", work, e.getMessage());
            }
        }
    }

    private JobOutcome stopped(TrainingRequest request, int attempt, StopReason reason) {
        if (reason == StopReason.CANCELLED) {
            CancelRequest cancel = cancels.apply(request.jobId()).orElse(null);
            String why = cancel == null ? "cancelled" : cancelReason(cancel, "while it was running");
            return terminal.finish(event(request, attempt, TrainingEventType.CANCELLED).withReason(why));
        }
        return new JobOutcome.Released("stopped: " + reason, reason == StopReason.SHUTDOWN);
    }

    private static String cancelReason(CancelRequest cancel, String when) {
        return "cancelled " + when + (cancel.requestedBy() == null ? "" : " by " + cancel.requestedBy());
    }

    private JobOutcome fail(TrainingRequest request, int attempt, String reason) {
        return terminal.fail(request.jobId(), config.workerId(), attempt, reason);
    }

    /** A redelivery after the bundle was published (crash before the acknowledgement) only re-announces it. */
    private Optional<JobOutcome> alreadyPublished(TrainingRequest request, int attempt) {
        Optional<Integer> version = versions.claimed(request.modelName(), request.jobId());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String prefix = ObjectKeys.modelVersionPrefix(request.modelName(), version.get());
        Optional<PublishRecord> record = publisher.readComplete(ObjectKeys.MODELS_BUCKET, prefix);
        if (record.isEmpty() || !request.jobId().equals(record.get().attributes().get("jobId"))) {
            return Optional.empty();
        }
        Map<String, Double> figures = new HashMap<>();
        record.get().attributes().forEach((k, v) -> {
            if (k.startsWith("metric.")) {
                figures.put(k.substring("metric.".length()), Double.parseDouble(v));
            }
        });
        return Optional.of(announce(request, attempt, version.get(), figures));
    }

    private JobOutcome publish(TrainingRequest request, int attempt, TrainingResult result, SearchState search,
            JobSetup setup, Path work) throws IOException {
        int version = versions.allocate(request.modelName(), request.jobId());
        String prefix = ObjectKeys.modelVersionPrefix(request.modelName(), version);
        Map<String, Double> figures = new HashMap<>();
        List<EpochMetrics> history = result.history();
        history.stream().filter(m -> m.epoch() == result.bestEpoch()).findFirst().ifPresent(best -> {
            figures.put("loss", best.trainLoss());
            figures.put("accuracy", best.trainAccuracy());
        });
        figures.put("val_loss", result.finalValidation().loss());
        figures.put("val_accuracy", result.finalValidation().accuracy());
        figures.put("epochs", (double) history.size());
        figures.put("best_epoch", (double) result.bestEpoch());
        if (result.test() != null) {
            figures.put("test_accuracy", result.test().accuracy());
            figures.put("test_loss", result.test().loss());
        }
        if (search != null) {
            figures.put("trials", (double) search.trials().size());
        }
        Optional<PublishRecord> existing = publisher.readComplete(ObjectKeys.MODELS_BUCKET, prefix);
        if (existing.isEmpty()) {
            Path bundle = work.resolve("bundle");
            DatasetCache.deleteRecursively(bundle);
            new BundleWriter().write(result, setup.normalization(), search, bundle);
            Map<String, String> attributes = new HashMap<>();
            attributes.put("jobId", request.jobId());
            attributes.put("model", request.modelName());
            attributes.put("version", Integer.toString(version));
            figures.forEach((k, v) -> attributes.put("metric." + k, Double.toString(v)));
            publisher.publishFolder(ObjectKeys.MODELS_BUCKET, prefix, bundle, attributes);
        }
        return announce(request, attempt, version, figures);
    }

    private JobOutcome announce(TrainingRequest request, int attempt, int version, Map<String, Double> figures) {
        producer.published(new ModelPublished(BatonMessage.CURRENT_SCHEMA_VERSION, request.modelName(), version,
                ObjectKeys.modelVersion(request.modelName(), version), request.jobId(), request.base(), request.head(),
                request.strategy(), figures, Instant.now()));
        return terminal.finish(event(request, attempt, TrainingEventType.SUCCEEDED)
                .withModel(request.modelName(), version).withMetrics(figures));
    }

    /** Turns an {@code auto} job's trials into TRIAL events, its decision into PLANNED, and uploads its search. */
    private final class Search implements AutoProgress {
        private final TrainingRequest request;
        private final int attempt;

        Search(TrainingRequest request, int attempt) {
            this.request = request;
            this.attempt = attempt;
        }

        @Override
        public void onTrial(Trial t, boolean bestSoFar) {
            producer.event(event(request, attempt, TrainingEventType.TRIAL).withTrial(new TrialReport(t.number(),
                    t.stage().name().toLowerCase(Locale.ROOT), HeadType.valueOf(t.head().name()), t.learningRate(),
                    t.weightDecay(), t.unfreezeLastBlocks(), t.baseBlocks(), t.epochs(), t.valAccuracy(),
                    Double.isFinite(t.valLoss()) ? t.valLoss() : null, t.seconds(), bestSoFar,
                    t.note().isEmpty() ? null : t.note())));
        }

        @Override
        public void onSearchSaved(Path folder, SearchState state) {
            checkpoints.uploadSearch(request.jobId(), folder);
        }

        @Override
        public void onDecision(SearchState.Decision decision) {
            TrainingEvent planned = event(request, attempt, TrainingEventType.PLANNED).withReason(decision.why());
            if (decision.fineTune() != null) {
                planned = planned.atEpoch(0, decision.fineTune().epochs());
            }
            producer.event(planned);
        }
    }

    private TrainingEvent event(TrainingRequest request, int attempt, TrainingEventType type) {
        return TrainingEvent.of(request.jobId(), type).by(config.workerId(), attempt);
    }

    /** Turns the engine's progress into EPOCH and CHECKPOINTED events and uploads checkpoints. */
    private final class Progress implements ProgressCallback {
        private final TrainingRequest request;
        private final int attempt;
        private int planned;

        Progress(TrainingRequest request, int attempt) {
            this.request = request;
            this.attempt = attempt;
        }

        @Override
        public void onEvent(ProgressEvent event) {
            if (event instanceof ProgressEvent.EpochCompleted done) {
                EpochMetrics m = done.metrics();
                planned = done.plannedEpochs();
                Map<String, Double> figures = new HashMap<>();
                figures.put("loss", m.trainLoss());
                figures.put("accuracy", m.trainAccuracy());
                figures.put("val_loss", m.valLoss());
                figures.put("val_accuracy", m.valAccuracy());
                figures.put("images_per_second", m.imagesPerSecond());
                figures.put("learning_rate", m.learningRate());
                figures.put("duration_seconds", m.durationMillis() / 1000.0);
                figures.put("eta_seconds", done.eta() == null ? 0.0 : done.eta().toMillis() / 1000.0);
                metrics.epoch(request.jobId(), request.modelName(), m);
                producer.event(event(request, attempt, TrainingEventType.EPOCH).atEpoch(m.epoch(), planned)
                        .withMetrics(figures));
            } else if (event instanceof ProgressEvent.Checkpointed saved) {
                long start = System.nanoTime();
                checkpoints.upload(request.jobId(), saved.epoch(), saved.directory());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                metrics.checkpoint(took);
                producer.event(event(request, attempt, TrainingEventType.CHECKPOINTED).atEpoch(saved.epoch(), planned)
                        .withMetrics(Map.of("upload_seconds", took.toMillis() / 1000.0)));
            }
        }
    }
}
