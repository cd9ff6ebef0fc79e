package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.trainer.publish.JobLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-in and rollouts stop busy trainers gracefully: each stops its job between batches, keeps its
 * checkpoint and releases the record, and the broker raises the record's delivery count. Such releases
 * are not attempts: a job stopped that way as many times as {@code maxAttempts} still runs on the next
 * trainer and succeeds, instead of being failed as if every trainer had crashed.
 */
class GracefulReleaseTest {
    @TempDir
    Path work;

    @Test
    void aJobStoppedGracefullyMaxAttemptsTimesStillSucceeds() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            int maxAttempts = kit.config("x", work).maxAttempts();
            String dataset = kit.dataset("graceful", 2, 8);
            TrainingRequest job = kit.job("graceful", "graceful", dataset, 2);
            kit.submit(job);
            for (int i = 1; i <= maxAttempts; i++) {
                String name = "leaving-" + i;
                try (Trainer leaving = Trainer.start(kit.config(name, work.resolve(name)), kit.store, new SimpleMeterRegistry())) {
                    events.await(l -> of(l, job.jobId()).stream().anyMatch(
                            e -> e.type() == TrainingEventType.STARTED && name.equals(e.workerId())),
                            Duration.ofMinutes(3), "the job started on " + name);
                } // close(): the trainer stops the job between batches and releases it, as on SIGTERM
            }
            assertEquals(maxAttempts, new JobLedger(kit.store).gracefulReleases(job.jobId()), "each release was recorded");

            try (Trainer finisher = Trainer.start(kit.config("finisher", work.resolve("finisher")), kit.store,
                    new SimpleMeterRegistry())) {
                List<TrainingEvent> all = of(events.await(terminal(job.jobId()), Duration.ofMinutes(3), "job end"), job.jobId());
                TrainingEvent end = all.get(all.size() - 1);
                assertEquals(TrainingEventType.SUCCEEDED, end.type(), "not failed for the releases: " + end);
                assertEquals("finisher", end.workerId());
                List<TrainingEvent> starts = all.stream().filter(e -> e.type() == TrainingEventType.STARTED).toList();
                assertEquals(maxAttempts + 1, starts.size(), starts.toString());
                assertTrue(starts.stream().allMatch(e -> e.attempt() == 1), "no start counted as a retry: " + starts);
                assertTrue(all.stream().noneMatch(e -> e.type() == TrainingEventType.FAILED), all.toString());
            }
        }
    }
}
