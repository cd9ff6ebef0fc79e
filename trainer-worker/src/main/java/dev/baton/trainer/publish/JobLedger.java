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
 * and publishes nothing new.
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

    private static String key(String jobId) {
        ObjectKeys.checkpointPrefix(jobId); // validates the id
        return "jobs/" + jobId + "/outcome.json";
    }
}
