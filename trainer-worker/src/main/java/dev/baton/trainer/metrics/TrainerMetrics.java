package dev.baton.trainer.metrics;

import dev.baton.transfer.train.EpochMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trainer's Micrometer meters. Prometheus names (stable; documented in the module README):
 *
 * <pre>
 * baton_trainer_jobs_total{outcome}                       jobs by outcome: succeeded, failed, cancelled,
 *                                                         released, duplicate, dead_lettered, retried
 * baton_trainer_job_duration_seconds{outcome}             wall time of a job on this trainer (histogram, 10 s to 24 h)
 * baton_trainer_queue_wait_seconds                        submittedAt to first start (histogram, 1 s to 24 h)
 * baton_trainer_epoch{job_id,model}                       number of the last finished epoch (running jobs only)
 * baton_trainer_epoch_loss{job_id,model}                  training loss of the last epoch (running jobs only)
 * baton_trainer_epoch_accuracy{job_id,model}              training accuracy of the last epoch (running jobs only)
 * baton_trainer_epoch_val_loss{job_id,model}              validation loss of the last epoch (running jobs only)
 * baton_trainer_epoch_val_accuracy{job_id,model}          validation accuracy of the last epoch (running jobs only)
 * baton_trainer_images_per_second{job_id,model}           training throughput of the last epoch (running jobs only)
 * baton_trainer_resumes_total                             jobs resumed from a checkpoint after a crash or release
 * baton_trainer_checkpoint_duration_seconds               write + upload of one checkpoint
 * baton_trainer_dataset_download_bytes_total              bytes pulled from the object store
 * baton_trainer_dataset_download_duration_seconds{cache}  time to make a dataset local (cache=hit|miss)
 * baton_trainer_device_info{device}                       1 for the device jobs train on
 * baton_trainer_lock_renewals_total{result}               acquisition-lock renewals (ok|failed)
 * baton_trainer_jobs_running                              jobs this trainer runs now (KEDA counts them as demand)
 * </pre>
 *
 * Job-tagged gauges exist only while the job runs on this trainer, so their cardinality is bounded by
 * the trainer's concurrency. The tag is {@code job_id}, not {@code job}: Prometheus' own {@code job}
 * label (the scrape job) would rename a {@code job} tag to {@code exported_job}.
 */
public final class TrainerMetrics {
    private final MeterRegistry registry;
    private final Timer checkpoint;
    private final Counter downloadBytes;
    private final Timer queueWait;
    private final Counter resumes;
    private final ConcurrentHashMap<String, List<Meter>> jobGauges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, double[]> jobValues = new ConcurrentHashMap<>();

    /** @param registry where the meters live */
    public TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.checkpoint = Timer.builder("baton.trainer.checkpoint.duration")
                .description("Write and upload of one checkpoint").register(registry);
        this.downloadBytes = Counter.builder("baton.trainer.dataset.download.bytes")
                .description("Dataset bytes pulled from the object store").baseUnit("bytes").register(registry);
        this.queueWait = Timer.builder("baton.trainer.queue.wait")
                .description("From submission to the first start of a job")
                .serviceLevelObjectives(buckets(1, 5, 15, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600))
                .register(registry);
        this.resumes = Counter.builder("baton.trainer.resumes")
                .description("Jobs resumed from their last checkpoint (after a crash or a release)").register(registry);
    }

    /** Histogram buckets (Prometheus' le) for times from seconds to a day: bounded, unlike percentile histograms. */
    private static Duration[] buckets(long... seconds) {
        return Arrays.stream(seconds).mapToObj(Duration::ofSeconds).toArray(Duration[]::new);
    }

    /** @return the registry */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a finished delivery and its duration. */
    public void jobFinished(String outcome, Duration duration) {
        registry.counter("baton.trainer.jobs", "outcome", outcome).increment();
        if (duration != null) {
            Timer.builder("baton.trainer.job.duration").tag("outcome", outcome)
                    .description("Wall time of a job on this trainer")
                    .serviceLevelObjectives(buckets(10, 30, 60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600))
                    .register(registry).record(duration);
        }
    }

    /** Records how long a job waited in the queue. */
    public void queueWait(Duration wait) {
        if (!wait.isNegative()) {
            queueWait.record(wait);
        }
    }

    /** Counts a job that resumes from a checkpoint. */
    public void resumed() {
        resumes.increment();
    }

    /** Records a checkpoint's write + upload time. */
    public void checkpoint(Duration took) {
        checkpoint.record(took);
    }

    /** Records a dataset download (0 bytes on a cache hit). */
    public void datasetDownload(long bytes, Duration took, boolean cacheHit) {
        downloadBytes.increment(bytes);
        Timer.builder("baton.trainer.dataset.download.duration").tag("cache", cacheHit ? "hit" : "miss")
                .register(registry).record(took);
    }

    /** Marks the device in use. */
    public void device(String device) {
        Gauge.builder("baton.trainer.device.info", () -> 1).tag("device", device).register(registry);
    }

    /** Registers the gauge of jobs running on this trainer now. */
    public void jobsRunning(java.util.function.Supplier<Number> running) {
        Gauge.builder("baton.trainer.jobs.running", running).description("Jobs this trainer runs now")
                .register(registry);
    }

    /** Counts a lock renewal. */
    public void lockRenewal(boolean ok) {
        registry.counter("baton.trainer.lock.renewals", "result", ok ? "ok" : "failed").increment();
    }

    /**
     * Publishes the last epoch's figures of a running job.
     *
     * @param jobId the job
     * @param model its model name
     * @param epoch the figures of the epoch that just finished
     */
    public void epoch(String jobId, String model, EpochMetrics epoch) {
        double[] values = jobValues.computeIfAbsent(jobId, id -> {
            double[] v = new double[6];
            Tags tags = Tags.of("job_id", id, "model", model);
            jobGauges.put(id, List.of(
                    Gauge.builder("baton.trainer.epoch", v, a -> a[0]).tags(tags)
                            .description("Number of the last finished epoch").register(registry),
                    Gauge.builder("baton.trainer.epoch.loss", v, a -> a[1]).tags(tags)
                            .description("Training loss of the last epoch").register(registry),
                    Gauge.builder("baton.trainer.epoch.accuracy", v, a -> a[2]).tags(tags)
                            .description("Training accuracy of the last epoch").register(registry),
                    Gauge.builder("baton.trainer.epoch.val.loss", v, a -> a[3]).tags(tags)
                            .description("Validation loss of the last epoch").register(registry),
                    Gauge.builder("baton.trainer.epoch.val.accuracy", v, a -> a[4]).tags(tags)
                            .description("Validation accuracy of the last epoch").register(registry),
                    Gauge.builder("baton.trainer.images.per.second", v, a -> a[5]).tags(tags)
                            .description("Training images per second in the last epoch").register(registry)));
            return v;
        });
        values[0] = epoch.epoch();
        values[1] = epoch.trainLoss();
        values[2] = epoch.trainAccuracy();
        values[3] = epoch.valLoss();
        values[4] = epoch.valAccuracy();
        values[5] = epoch.imagesPerSecond();
    }

    /** Drops a job's gauges when it leaves this trainer. */
    public void jobGone(String jobId) {
        List<Meter> meters = jobGauges.remove(jobId);
        jobValues.remove(jobId);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

}
