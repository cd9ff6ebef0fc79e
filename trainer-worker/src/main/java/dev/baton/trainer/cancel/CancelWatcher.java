package dev.baton.trainer.cancel;

import dev.baton.contracts.messages.CancelRequest;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.ReplayedTopic;
import dev.baton.service.kafka.TopicReplay;
import dev.baton.trainer.config.WorkerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every cancel on the cancels topic, from the start of its retention, without a consumer
 * group (every trainer sees every cancel: a {@link TopicReplay}), and remembers which job ids were
 * cancelled. A queued job is cancelled when it is taken; a running job between batches. Its replay is
 * watched by {@link BackgroundHealth}: liveness is DOWN once it stops for good, since the trainer would
 * then miss cancels.
 */
public final class CancelWatcher implements AutoCloseable {
    private final Map<String, CancelRequest> cancelled = new ConcurrentHashMap<>();
    private final ReplayedTopic<CancelRequest> replay;

    /** @param config the Kafka connection and the cancels topic */
    public CancelWatcher(WorkerConfig config) {
        this.replay = new ReplayedTopic<>(config.kafka(), config.cancelsTopic(), CancelRequest.class,
                cancel -> cancelled.put(cancel.jobId(), cancel), "trainer-cancels-" + config.workerId());
    }

    /**
     * Starts reading and has {@code health} watch the reading; returns once the backlog present at start
     * was read (or after 30 s).
     */
    public CancelWatcher start(BackgroundHealth health) {
        try {
            replay.start(health, Duration.ofSeconds(30)); // logs when it has not caught up in time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /**
     * Waits (at most {@code max}) until every cancel already on the topic now was read, so that a
     * cancel sent just before its job was taken is seen when the job starts.
     */
    public void catchUp(Duration max) {
        replay.catchUp(max);
    }

    /** @return the cancel of this job, if one was read */
    public Optional<CancelRequest> cancelOf(String jobId) {
        return Optional.ofNullable(cancelled.get(jobId));
    }

    @Override
    public void close() {
        try {
            replay.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
