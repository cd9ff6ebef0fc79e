package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.service.health.BackgroundHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer's background threads never die unseen (issue 15). An {@link Error} is provoked in each, on
 * the real broker and S3Proxy, by an object store whose call listener throws it once on that thread:
 * in a job slot's poll loop the slot stops for good and liveness turns DOWN with the slot and the
 * reason; on the training thread the job is released and the same thread trains it again to the end,
 * with liveness UP.
 */
class TrainerThreadsTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path work;
    TrainerTestKit kit;
    String dataset;

    /** Each test has its own topics and share group: a job the first left queued never reaches the second. */
    @BeforeEach
    void start() throws Exception {
        kit = new TrainerTestKit();
        dataset = kit.dataset("threads", 2, 6);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void anErrorInAJobSlotsLoopTurnsLivenessDownWithTheReason() throws Exception {
        BackgroundHealth health = new BackgroundHealth();
        ObjectStore store = failingOnceOn("job-queue-", new OutOfMemoryError("provoked in the job queue"));
        try (Trainer trainer = Trainer.start(kit.config("slot-dies", work.resolve("slot")), store,
                new SimpleMeterRegistry(), health)) {
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
            kit.submit(kit.job("slot-dies", "m", dataset, 1)); // admitting it reads the job's ledger on the slot's thread
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (health.call().getStatus() == HealthCheckResponse.Status.UP && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            HealthCheckResponse response = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals("OutOfMemoryError: provoked in the job queue",
                    response.getData().orElseThrow().get("job slot slot0"), response.getData().toString());
            assertEquals(0, trainer.busySlots());
        }
    }

    @Test
    void anErrorOnTheTrainingThreadReleasesTheJobAndTheThreadTrainsItAgain() throws Exception {
        BackgroundHealth health = new BackgroundHealth();
        // Not an OutOfMemoryError (the job's own failure, "lower batchSize"), but an error nothing in the job expects.
        ObjectStore store = failingOnceOn("training", new InternalError("provoked on the training thread"));
        TrainingRequest job = kit.job("training-error", "m", dataset, 1);
        try (Trainer trainer = Trainer.start(kit.config("training-error", work.resolve("training")), store,
                new SimpleMeterRegistry(), health); var events = kit.events()) {
            kit.submit(job);
            List<TrainingEvent> mine = of(events.await(terminal(job.jobId()), DEADLINE, "job end"), job.jobId());
            TrainingEvent last = mine.get(mine.size() - 1);
            assertEquals(TrainingEventType.SUCCEEDED, last.type(), mine.toString());
            assertEquals(2, last.attempt(), "the first attempt was released: " + mine);
            assertEquals("training-error", last.workerId());
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus(), health.call().getData().toString());
        }
    }

    /** The local store, with a listener that throws {@code error} from the first call made on a thread named so. */
    private ObjectStore failingOnceOn(String threadPrefix, Error error) {
        AtomicBoolean thrown = new AtomicBoolean();
        return ObjectStore.connect(kit.store.config()).onCall((operation, took) -> {
            if (Thread.currentThread().getName().startsWith(threadPrefix) && thrown.compareAndSet(false, true)) {
                throw error;
            }
        });
    }
}
