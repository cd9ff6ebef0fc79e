package dev.baton.trainer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Remembers the terminal event of every finished job in the work bucket
 * ({@code jobs/<job>/outcome.json}), so that a duplicate delivery of a finished job is recognised
 * and publishes nothing new; and each delivery of a job that a trainer released gracefully on shutdown
 * ({@code jobs/<job>/graceful-releases/<delivery>}), so that scale-in and rollouts do not use up the
 * job's attempts.
 */
public final class JobLedger {
    private final ObjectStore store;

    /** @param store the object store */
    public JobLedger(ObjectStore store) {
        this.store = store;
    }

    /** Records a job's terminal event (written after the event was sent). */
    public void record(TrainingEvent terminal) {
        try {
            store.put(ObjectKeys.WORK_BUCKET, key(terminal.jobId()),
                    MessageCodec.instance().mapper().writeValueAsBytes(terminal), "application/json");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the terminal event of a finished job, if it finished */
    public Optional<TrainingEvent> outcome(String jobId) {
        if (store.stat(ObjectKeys.WORK_BUCKET, key(jobId)).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageCodec.instance().mapper().readValue(
                    store.read(ObjectKeys.WORK_BUCKET, key(jobId)), TrainingEvent.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records that a delivery of a job was released on purpose (the trainer shut down and the job stopped
     * between batches), before that RELEASE is acknowledged. Idempotent per delivery.
     *
     * @param jobId the job
     * @param delivery the record's delivery count
     */
    public void recordGracefulRelease(String jobId, int delivery) {
        store.put(ObjectKeys.WORK_BUCKET, releasesPrefix(jobId) + delivery, new byte[0], "application/octet-stream");
    }

    /** @return how many deliveries of the job were released gracefully */
    public int gracefulReleases(String jobId) {
        return store.list(ObjectKeys.WORK_BUCKET, releasesPrefix(jobId)).size();
    }

    private static String releasesPrefix(String jobId) {
        ObjectKeys.checkpointPrefix(jobId); // validates the id
        return "jobs/" + jobId + "/graceful-releases/";
    }

    private static String key(String jobId) {
        ObjectKeys.checkpointPrefix(jobId); // validates the id
        return "jobs/" + jobId + "/outcome.json";
    }
}
