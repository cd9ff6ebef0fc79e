package dev.baton.trainer;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.trainer.cancel.CancelWatcher;
import dev.baton.trainer.config.WorkerConfig;
import dev.baton.trainer.checkpoint.RemoteCheckpoints;
import dev.baton.trainer.job.TerminalEvents;
import dev.baton.trainer.job.TrainingExecutor;
import dev.baton.trainer.job.TrainingJobRunner;
import dev.baton.trainer.publish.JobLedger;
import dev.baton.trainer.queue.JobAdmission;
import dev.baton.trainer.metrics.TrainerMetrics;
import dev.baton.trainer.publish.VersionAllocator;
import dev.baton.trainer.queue.JobQueueWorker;
import dev.baton.trainer.queue.TrainerProducer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * A trainer process: the cancel watcher, the version allocator, the event producer and one
 * {@link JobQueueWorker} per job slot. Plain Java, so that the Quarkus service, {@link TrainerMain}
 * and tests run the same thing.
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Trainer.class);

    private final WorkerConfig config;
    private final CancelWatcher cancels;
    private final VersionAllocator versions;
    private final TrainerProducer producer;
    private final List<JobQueueWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * {@link #start(WorkerConfig, ObjectStore, MeterRegistry, BackgroundHealth)} where nothing reads the health of
     * its background threads (a plain process, a test).
     */
    public static Trainer start(WorkerConfig config, ObjectStore store, MeterRegistry registry) {
        return start(config, store, registry, new BackgroundHealth());
    }

    /**
     * Creates the trainer's own topic (the version claims) and starts taking jobs.
     *
     * @param config settings
     * @param store the object store
     * @param registry where the meters go
     * @param health watches the cancel watcher's replay and each job slot's loop (liveness)
     * @return the running trainer
     */
    public static Trainer start(WorkerConfig config, ObjectStore store, MeterRegistry registry,
            BackgroundHealth health) {
        try (Admin admin = Admin.create(config.kafka().properties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .provision(List.of(VersionAllocator.topicSpec(config.versionsTopic())));
        }
        return new Trainer(config, store, registry, health);
    }

    private Trainer(WorkerConfig config, ObjectStore store, MeterRegistry registry, BackgroundHealth health) {
        this.config = config;
        TrainerMetrics metrics = new TrainerMetrics(registry);
        metrics.device(config.device().name().toLowerCase(Locale.ROOT));
        this.cancels = new CancelWatcher(config).start(health);
        this.versions = new VersionAllocator(config.kafka(), config.versionsTopic(),
                "trainer-versions-" + config.workerId());
        this.producer = new TrainerProducer(config);
        TerminalEvents terminal = new TerminalEvents(producer, new JobLedger(store), new RemoteCheckpoints(store));
        TrainingJobRunner runner = new TrainingJobRunner(config, store, versions, producer, terminal, metrics, jobId -> {
            cancels.catchUp(Duration.ofSeconds(5));
            return cancels.cancelOf(jobId);
        });
        JobAdmission admission = new JobAdmission(config, terminal, producer, metrics);
        TrainingExecutor executor = new TrainingExecutor();
        for (int i = 0; i < config.concurrency(); i++) {
            JobQueueWorker worker = new JobQueueWorker(config, "slot" + i, runner, admission, executor, metrics,
                    cancels::cancelOf);
            workers.add(worker);
            health.watch("job slot " + worker.slot(), worker::failure);
            Thread t = new Thread(worker, "job-queue-" + config.workerId() + "-" + i);
            threads.add(t);
            t.start();
        }
        metrics.jobsRunning(this::busySlots);
        LOG.infof("trainer %s takes jobs from %s (share group %s, %d slot(s))", config.workerId(),
                config.requestsTopic(), config.shareGroup(), config.concurrency());
    }

    /** @return how many slots run a job now */
    public long busySlots() {
        return workers.stream().filter(JobQueueWorker::busy).count();
    }

    /** Graceful shutdown: stop taking jobs, stop the running ones between batches and release them. */
    @Override
    public void close() {
        workers.forEach(JobQueueWorker::stop);
        for (Thread t : threads) {
            try {
                t.join(config.shutdownGrace().toMillis() + 20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cancels.close();
        versions.close();
        producer.close();
    }
}
