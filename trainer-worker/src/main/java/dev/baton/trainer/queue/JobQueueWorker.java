package dev.baton.trainer.queue;

import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.trainer.config.WorkerConfig;
import dev.baton.trainer.job.JobOutcome;
import dev.baton.trainer.job.StopReason;
import dev.baton.trainer.job.StopSignal;
import dev.baton.trainer.job.TrainingExecutor;
import dev.baton.trainer.job.TrainingJobRunner;
import dev.baton.trainer.metrics.TrainerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One job slot of a trainer: a {@link KafkaShareConsumer} in explicit acknowledgement mode that
 * takes one job at a time. {@link JobAdmission} decides whether a delivery runs; the job runs on the
 * trainer's {@link TrainingExecutor}; this (consumer) thread only polls, renews the
 * acquisition lock every renew interval (RENEW, then the poll that hands the record back), and
 * acknowledges: ACCEPT after a terminal event was sent, REJECT after a dead letter, RELEASE on
 * shutdown or a transient failure so another trainer takes the job at once.
 *
 * <p>The loop goes on after a {@link RuntimeException} (a delivery it cannot handle is released; a
 * failed poll or commit is retried), but not after an {@link Error} such as {@link OutOfMemoryError}:
 * one can strike between taking a record and recording it as running, or half-way through an
 * acknowledgement, so the slot's view of which record it holds and whether its lock is renewed can no
 * longer be trusted. The loop then stops its running job (which resumes elsewhere from its checkpoint),
 * closes its consumer (the broker hands its records to another trainer) and reports the error through
 * {@link #failure()}, which the trainer's liveness check watches: Kubernetes restarts the pod instead of
 * leaving a trainer that looks alive and takes no job.
 */
public final class JobQueueWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(JobQueueWorker.class);

    private final WorkerConfig config;
    private final String slot;
    private final TrainingJobRunner runner;
    private final JobAdmission admission;
    private final TrainingExecutor executor;
    private final TrainerMetrics metrics;
    private final KafkaShareConsumer<String, byte[]> consumer;
    private final Function<String, Optional<CancelRequest>> cancels;
    private volatile boolean stopping;
    private volatile Running current;
    private volatile String failure;

    private static final class Running {
        private volatile ConsumerRecord<String, byte[]> record;
        private final TrainingRequest request;
        private final StopSignal signal;
        private final CompletableFuture<JobOutcome> outcome;
        private final long startNanos = System.nanoTime();

        Running(ConsumerRecord<String, byte[]> record, TrainingRequest request, StopSignal signal,
                CompletableFuture<JobOutcome> outcome) {
            this.record = record;
            this.request = request;
            this.signal = signal;
            this.outcome = outcome;
        }

        ConsumerRecord<String, byte[]> record() {
            return record;
        }

        TrainingRequest request() {
            return request;
        }

        StopSignal signal() {
            return signal;
        }

        CompletableFuture<JobOutcome> outcome() {
            return outcome;
        }

        long startNanos() {
            return startNanos;
        }
    }

    /**
     * @param config settings
     * @param slot the slot's name (for the consumer's client id)
     * @param runner runs a job
     * @param admission decides what to do with a delivery
     * @param executor the trainer's training thread
     * @param metrics meters
     * @param cancels the cancel read for a job id, if any
     */
    public JobQueueWorker(WorkerConfig config, String slot, TrainingJobRunner runner, JobAdmission admission,
            TrainingExecutor executor, TrainerMetrics metrics, Function<String, Optional<CancelRequest>> cancels) {
        this.cancels = cancels;
        this.config = config;
        this.slot = slot;
        this.runner = runner;
        this.admission = admission;
        this.executor = executor;
        this.metrics = metrics;
        Map<String, Object> props = config.kafka().with(Map.of());
        props.put("group.id", config.shareGroup());
        props.put("client.id", "trainer-" + config.workerId() + "-" + slot);
        props.put("share.acknowledgement.mode", "explicit");
        props.put("share.acquire.mode", "record_limit");
        props.put("max.poll.records", 1);
        this.consumer = new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** @return the error that ended this slot's loop for good, or empty while it takes jobs */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return the slot's name */
    public String slot() {
        return slot;
    }

    /** @return whether a job is running in this slot */
    public boolean busy() {
        return current != null;
    }

    /** Stops taking jobs; the running job stops between batches and is released. */
    public void stop() {
        stopping = true;
        Running r = current;
        if (r != null) {
            r.signal().request(StopReason.SHUTDOWN);
        }
        consumer.wakeup();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(config.requestsTopic()));
        try {
            while (!stopping) {
                try {
                    if (current == null) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(config.pollTimeout())) {
                            if (current == null && !stopping) {
                                try {
                                    take(record);
                                } catch (RuntimeException e) {
                                    LOG.errorf(e, "job slot %s: cannot handle %s-%d@%d, releasing it", slot,
                                            record.topic(), record.partition(), record.offset());
                                    if (current == null) {
                                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                                    }
                                }
                            } else {
                                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                            }
                        }
                        consumer.commitSync();
                    } else {
                        superviseRunning();
                    }
                } catch (WakeupException e) {
                    // stop() was called
                } catch (RuntimeException e) {
                    LOG.errorf(e, "job slot %s: error in the queue loop, going on", slot);
                }
            }
            releaseOnShutdown();
        } catch (RuntimeException e) {
            LOG.errorf(e, "job slot %s stopped", slot);
        } catch (Error e) {
            died(e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Ends the slot for good after an {@link Error}: reported to liveness, the running job stopped. */
    private void died(Error e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        stopping = true;
        LOG.errorf(e, "job slot %s died: %s; liveness is DOWN until the trainer restarts", slot, failure);
        Running r = current;
        if (r != null) {
            r.signal().request(StopReason.LOCK_LOST); // its lock is no longer renewed: it resumes elsewhere
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        JobAdmission.Decision decision = admission.admit(record);
        if (!(decision instanceof JobAdmission.Run run)) {
            acknowledge(record, decision.acknowledgement());
            return;
        }
        TrainingRequest request = run.request();
        StopSignal signal = new StopSignal(() -> cancels.apply(request.jobId()).isPresent());
        CompletableFuture<JobOutcome> outcome = executor.submit(() -> runner.run(request, run.attempt(), signal),
                t -> new JobOutcome.Released("unexpected: " + t));
        current = new Running(record, request, signal, outcome);
    }

    private void superviseRunning() {
        Running r = current;
        try {
            JobOutcome outcome = r.outcome().get(config.renewInterval().toMillis(), TimeUnit.MILLISECONDS);
            AcknowledgeType type = outcome instanceof JobOutcome.Finished ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE;
            LOG.infof("job %s ended on %s: %s -> %s", r.request().jobId(), config.workerId(), outcome, type);
            noteGracefulRelease(r, outcome);
            acknowledge(r.record(), type);
            metrics.jobFinished(outcome.tag(), Duration.ofNanos(System.nanoTime() - r.startNanos()));
            current = null;
        } catch (TimeoutException e) {
            renew(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } catch (ExecutionException e) {
            // The executor completes every outcome, even when its fallback throws: release the job.
            LOG.errorf(e.getCause(), "job %s ended without an outcome, releasing it", r.request().jobId());
            acknowledge(r.record(), AcknowledgeType.RELEASE);
            metrics.jobFinished("released", Duration.ofNanos(System.nanoTime() - r.startNanos()));
            current = null;
        }
    }

    private void renew(Running r) {
        boolean ok;
        try {
            consumer.acknowledge(r.record(), AcknowledgeType.RENEW);
            ok = commitOk();
        } catch (IllegalStateException e) {
            ok = false; // the consumer no longer holds the record (its lock is gone)
        }
        metrics.lockRenewal(ok);
        if (!ok) {
            LOG.warnf("lock of job %s could not be renewed: stopping it, it will resume elsewhere", r.request().jobId());
            r.signal().request(StopReason.LOCK_LOST);
        }
        // The share consumer hands a renewed record back on the next poll; it is the running job's record.
        for (ConsumerRecord<String, byte[]> again : consumer.poll(Duration.ZERO)) {
            if (again.offset() != r.record().offset() || again.partition() != r.record().partition()) {
                consumer.acknowledge(again, AcknowledgeType.RELEASE);
            } else {
                r.record = again;
            }
        }
    }

    private void releaseOnShutdown() {
        Running r = current;
        if (r == null) {
            return;
        }
        r.signal().request(StopReason.SHUTDOWN);
        JobOutcome outcome;
        try {
            outcome = r.outcome().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            outcome = new JobOutcome.Released("shutdown before the job stopped");
        }
        AcknowledgeType type = outcome instanceof JobOutcome.Finished ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE;
        LOG.infof("shutdown: job %s %s", r.request().jobId(), type);
        noteGracefulRelease(r, outcome);
        acknowledge(r.record(), type);
        metrics.jobFinished(outcome.tag(), Duration.ofNanos(System.nanoTime() - r.startNanos()));
        current = null;
    }

    /** Records a graceful release before it is acknowledged; if that fails, the delivery counts as an attempt. */
    private void noteGracefulRelease(Running r, JobOutcome outcome) {
        if (outcome instanceof JobOutcome.Released released && released.graceful()) {
            try {
                admission.recordGracefulRelease(r.request().jobId(), r.record().deliveryCount().map(Short::intValue).orElse(1));
            } catch (RuntimeException e) {
                LOG.warnf("job %s: graceful release not recorded (%s); this delivery counts as an attempt",
                        r.request().jobId(), e.getMessage());
            }
        }
    }

    private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        try {
            consumer.acknowledge(record, type);
        } catch (IllegalStateException e) {
            // The consumer no longer holds the record: its lock was lost (e.g. the broker restarted).
            // The broker hands it out again, and the next trainer resumes it from its checkpoint.
            LOG.warnf("%s of %s-%d@%d is no longer possible (%s): the broker redelivers the record", type,
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        if (!commitOk()) {
            LOG.warnf("acknowledgement %s of %s-%d@%d failed: the record will be redelivered", type, record.topic(),
                    record.partition(), record.offset());
        }
    }

    private boolean commitOk() {
        try {
            return commitSync();
        } catch (WakeupException e) {
            // stop() woke the consumer to end a poll; the acknowledgement (RELEASE on shutdown) must still go out.
            try {
                return commitSync();
            } catch (KafkaException again) {
                LOG.warn("commit of acknowledgements failed", again);
                return false;
            }
        } catch (KafkaException e) {
            LOG.warn("commit of acknowledgements failed", e);
            return false;
        }
    }

    private boolean commitSync() {
        Map<TopicIdPartition, Optional<KafkaException>> result = consumer.commitSync(Duration.ofSeconds(30));
        return result.values().stream().allMatch(Optional::isEmpty);
    }
}
