package dev.baton.trainer.config;

import dev.baton.contracts.topics.Topics;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.transfer.device.DevicePreference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one trainer process needs, independent of Quarkus (the service builds it from
 * {@link TrainerSettings}; tests and {@code TrainerMain} build it directly).
 *
 * @param workerId this trainer's id in events
 * @param kafka the Kafka cluster and how to authenticate (every client of the trainer uses it)
 * @param requestsTopic the job queue topic
 * @param shareGroup the trainers' share group
 * @param eventsTopic where training events go
 * @param cancelsTopic where cancels are read
 * @param publishedTopic the compacted model-published topic
 * @param deadLettersTopic where unparseable jobs go
 * @param versionsTopic the single-partition log that allocates model versions
 * @param concurrency jobs this trainer runs at once (one share consumer per slot)
 * @param maxAttempts deliveries after which a job that stopped every trainer is failed
 * @param pollTimeout how long an idle poll waits
 * @param renewInterval how often the acquisition lock of a running job is renewed
 * @param shutdownGrace how long shutdown waits for the running job to stop between batches
 * @param workDir local folder for dataset cache, checkpoints and bundles
 * @param threads PyTorch intra-op threads (0: engine default)
 * @param device CPU, GPU or AUTO
 */
public record WorkerConfig(
        String workerId,
        KafkaConnection kafka,
        String requestsTopic,
        String shareGroup,
        String eventsTopic,
        String cancelsTopic,
        String publishedTopic,
        String deadLettersTopic,
        String versionsTopic,
        int concurrency,
        int maxAttempts,
        Duration pollTimeout,
        Duration renewInterval,
        Duration shutdownGrace,
        Path workDir,
        int threads,
        DevicePreference device) {

    public WorkerConfig {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(workDir, "workDir");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** @return a config on the production topic names with defaults, for this worker and broker */
    public static WorkerConfig defaults(String workerId, KafkaConnection kafka, Path workDir) {
        return new WorkerConfig(workerId, kafka, Topics.TRAINING_REQUESTS, Topics.TRAINER_SHARE_GROUP,
                Topics.TRAINING_EVENTS, Topics.TRAINING_CANCELS, Topics.MODELS_PUBLISHED, Topics.DEAD_LETTERS,
                Topics.MODEL_VERSIONS, 1, 3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60),
                workDir, 0, DevicePreference.CPU);
    }

    /** @return a copy with other topic names (tests use unique ones) */
    public WorkerConfig withTopics(String requests, String group, String events, String cancels, String published,
            String deadLetters, String versions) {
        return new WorkerConfig(workerId, kafka, requests, group, events, cancels, published, deadLetters,
                versions, concurrency, maxAttempts, pollTimeout, renewInterval, shutdownGrace, workDir, threads,
                device);
    }

    /** @return a copy with another worker id and work folder */
    public WorkerConfig withWorker(String id, Path dir) {
        return new WorkerConfig(id, kafka, requestsTopic, shareGroup, eventsTopic, cancelsTopic,
                publishedTopic, deadLettersTopic, versionsTopic, concurrency, maxAttempts, pollTimeout, renewInterval,
                shutdownGrace, dir, threads, device);
    }

    /** @return a copy with another lock-renewal interval */
    public WorkerConfig withRenewInterval(Duration interval) {
        return new WorkerConfig(workerId, kafka, requestsTopic, shareGroup, eventsTopic, cancelsTopic,
                publishedTopic, deadLettersTopic, versionsTopic, concurrency, maxAttempts, pollTimeout, interval,
                shutdownGrace, workDir, threads, device);
    }
}
