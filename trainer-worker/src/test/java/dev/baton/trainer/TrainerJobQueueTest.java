package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.DeadLetter;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One in-process trainer on the real broker and S3Proxy: a real job, poison inputs, duplicates, cancels. */
class TrainerJobQueueTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    static Path work;
    static TrainerTestKit kit;
    static Trainer trainer;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static String dataset;

    @BeforeAll
    static void start() throws Exception {
        kit = new TrainerTestKit();
        dataset = kit.dataset("colours", 2, 12);
        trainer = Trainer.start(kit.config("w1", work), kit.store, registry);
    }

    @AfterAll
    static void stop() {
        trainer.close();
        kit.close();
    }

    @Test
    void trainsPublishesAndAnnouncesAVersionedModel() {
        TrainingRequest job = kit.job("ok", "colours", dataset, 2);
        try (var events = kit.events();
                var published = kit.new TopicReader<>(kit.published, ModelPublished.class)) {
            kit.submit(job);
            List<TrainingEvent> mine = of(events.await(terminal(job.jobId()), DEADLINE, "job end"), job.jobId());
            assertEquals(List.of(TrainingEventType.STARTED, TrainingEventType.EPOCH, TrainingEventType.CHECKPOINTED,
                    TrainingEventType.EPOCH, TrainingEventType.CHECKPOINTED, TrainingEventType.SUCCEEDED),
                    mine.stream().map(TrainingEvent::type).toList(), mine.toString());
            TrainingEvent started = mine.get(0);
            assertEquals("w1", started.workerId());
            assertEquals(1, started.attempt());
            TrainingEvent epoch1 = mine.get(1);
            assertEquals(1, epoch1.epoch());
            assertEquals(2, epoch1.totalEpochs());
            assertTrue(epoch1.metrics().keySet().containsAll(List.of("loss", "accuracy", "val_loss", "val_accuracy",
                    "images_per_second", "eta_seconds")), epoch1.metrics().toString());
            TrainingEvent done = mine.get(5);
            assertEquals(job.modelName(), done.modelName());
            assertEquals(1, done.modelVersion());
            assertTrue(done.metrics().containsKey("val_accuracy"));
            ModelPublished record = published.await(l -> l.stream().anyMatch(p -> p.modelName().equals(job.modelName())),
                    DEADLINE, "model published").stream().filter(p -> p.modelName().equals(job.modelName()))
                    .findFirst().orElseThrow();
            assertEquals(job.modelName(), record.modelName());
            assertEquals(1, record.version());
            assertEquals(ObjectKeys.modelVersionPrefix(job.modelName(), 1), record.bundle().key());
            var bundle = new AtomicPublisher(kit.store).readComplete(ObjectKeys.MODELS_BUCKET, record.bundle().key());
            assertTrue(bundle.isPresent(), "bundle is complete");
            assertTrue(bundle.get().files().stream().anyMatch(f -> f.path().equals("manifest.json")));
            assertEquals(job.jobId(), bundle.get().attributes().get("jobId"));
            assertTrue(kit.store.list(ObjectKeys.WORK_BUCKET, ObjectKeys.checkpointPrefix(job.jobId())).isEmpty(),
                    "checkpoints of a finished job are removed");

            // A duplicate delivery publishes nothing new: the next job's events follow without any for the duplicate.
            kit.submit(job);
            TrainingRequest after = kit.job("after-dup", "other", "no-such-dataset-" + kit.suffix, 1);
            kit.submit(after);
            List<TrainingEvent> all = events.await(terminal(after.jobId()), DEADLINE, "job after the duplicate");
            assertEquals(6, of(all, job.jobId()).size(), "no event for the duplicate");
            assertEquals(1, published.seen.stream().filter(p -> p.modelName().equals(job.modelName())).count());
        }
        assertTrue(registry.get("baton.trainer.jobs").tag("outcome", "succeeded").counter().count() >= 1);
        assertTrue(registry.get("baton.trainer.checkpoint.duration").timer().count() >= 2);
    }

    @Test
    void aDatasetWithATestSplitTrainsOnTrainAndIsEvaluatedOnTest() throws Exception {
        String split = kit.splitDataset("colours-split", 12, 3, 2);
        TrainingRequest job = kit.job("split", "split", split, 1);
        try (var events = kit.events()) {
            kit.submit(job);
            List<TrainingEvent> mine = of(events.await(terminal(job.jobId()), DEADLINE, "job end"), job.jobId());
            assertEquals(TrainingEventType.SUCCEEDED, mine.get(mine.size() - 1).type(), mine.toString());
        }
        JsonNode manifest = MessageCodec.instance().mapper().readTree(kit.store.read(ObjectKeys.MODELS_BUCKET,
                ObjectKeys.modelVersionManifest(job.modelName(), 1)));
        assertEquals("[\"class0\",\"class1\"]", manifest.path("classNames").toString());
        JsonNode matrix = manifest.path("test").path("confusionMatrix");
        assertEquals(2, matrix.size(), manifest.path("test").toString());
        assertEquals(3, rowSum(matrix.get(0)), "class0's 3 test images, and no training image, were evaluated");
        assertEquals(2, rowSum(matrix.get(1)), "class1's 2 test images were evaluated");
        JsonNode validation = manifest.path("finalValidation").path("confusionMatrix");
        assertEquals(2 * 12 / 4, rowSum(validation.get(0)) + rowSum(validation.get(1)),
                "validation is held out of train/ only: " + validation);
    }

    private static int rowSum(JsonNode row) {
        int sum = 0;
        for (JsonNode cell : row) {
            sum += cell.asInt();
        }
        return sum;
    }

    @Test
    void poisonInputsEndAsFailedEventsOrDeadLettersAndTheTrainerGoesOn() throws Exception {
        String oneClass = kit.dataset("mono", 1, 6);
        TrainingRequest missing = kit.job("missing", "m", "absent-" + kit.suffix, 1);
        TrainingRequest single = kit.job("single", "m", oneClass, 1);
        String unknownBase = new String(dev.baton.contracts.json.MessageCodec.instance().encode(
                kit.job("unknown-base", "m", dataset, 1)), StandardCharsets.UTF_8).replace("mobilenet_v2", "resnet50");
        String unknownBaseId = "unknown-base-" + kit.suffix;
        TrainingRequest unregistered = kit.pretrainedJob("unregistered-base", "m", dataset, "nobody-imported-" + kit.suffix);
        // A base whose upload stopped half-way: its manifest is there, its _publish.json (written last) is not.
        String halfBase = "half-uploaded-" + kit.suffix;
        kit.store.put(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(halfBase) + BaseModelRegistry.MANIFEST_FILE,
                "{\"baseModel\":\"mobilenet_v2\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        TrainingRequest halfUploaded = kit.pretrainedJob("half-base", "m", dataset, halfBase);
        TrainingRequest healthy = kit.job("healthy", "m", dataset, 1);
        try (var events = kit.events(); var dead = kit.new TopicReader<>(kit.deadLetters, DeadLetter.class)) {
            kit.send(kit.requests, "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
            kit.send(kit.requests, unknownBaseId, unknownBase.getBytes(StandardCharsets.UTF_8));
            kit.submit(missing);
            kit.submit(single);
            kit.submit(unregistered);
            kit.submit(halfUploaded);
            kit.submit(healthy);
            List<TrainingEvent> all = events.await(l -> terminal(missing.jobId()).test(l)
                    && terminal(single.jobId()).test(l) && terminal(unknownBaseId).test(l)
                    && terminal(unregistered.jobId()).test(l) && terminal(halfUploaded.jobId()).test(l)
                    && terminal(healthy.jobId()).test(l), DEADLINE, "all poison jobs to end");
            assertFailed(all, missing.jobId(), "does not exist");
            assertFailed(all, single.jobId(), "cannot be used");
            assertFailed(all, unknownBaseId, "base");
            // What the user reads: the base is not there, and how to get one.
            assertFailed(all, unregistered.jobId(), "pretrained base 'nobody-imported-" + kit.suffix
                    + "' is not registered: import it first");
            assertFailed(all, halfUploaded.jobId(), "pretrained base '" + halfBase + "' is not registered");
            assertEquals(TrainingEventType.SUCCEEDED, last(all, healthy.jobId()).type());
            DeadLetter letter = dead.await(l -> !l.isEmpty(), DEADLINE, "dead letter").get(0);
            assertEquals(kit.requests, letter.sourceTopic());
            assertEquals("{not json", letter.payload());
            assertTrue(letter.reason() != null && !letter.reason().isBlank());
        }
    }

    @Test
    void cancelStopsAQueuedJobBeforeItStartsAndARunningOneBetweenBatches() {
        TrainingRequest queued = kit.job("cancel-queued", "c", dataset, 2);
        TrainingRequest running = kit.job("cancel-running", "c", dataset, 50);
        try (var events = kit.events()) {
            kit.send(kit.cancels, queued.jobId(), new CancelRequest(1, queued.jobId(), Instant.now(), "alice"));
            kit.submit(queued);
            List<TrainingEvent> q = of(events.await(terminal(queued.jobId()), DEADLINE, "queued cancel"), queued.jobId());
            assertEquals(List.of(TrainingEventType.CANCELLED), q.stream().map(TrainingEvent::type).toList());
            assertEquals("cancelled before it started by alice", q.get(0).reason());

            kit.submit(running);
            events.await(l -> of(l, running.jobId()).stream().anyMatch(e -> e.type() == TrainingEventType.EPOCH),
                    DEADLINE, "first epoch of the running job");
            kit.send(kit.cancels, running.jobId(), new CancelRequest(1, running.jobId(), Instant.now(), "bob"));
            List<TrainingEvent> r = of(events.await(terminal(running.jobId()), DEADLINE, "running cancel"),
                    running.jobId());
            TrainingEvent end = r.get(r.size() - 1);
            assertEquals(TrainingEventType.CANCELLED, end.type());
            assertEquals("cancelled while it was running by bob", end.reason());
            assertTrue(r.stream().filter(e -> e.type() == TrainingEventType.EPOCH).count() < 50);
            assertTrue(r.stream().noneMatch(e -> e.type() == TrainingEventType.SUCCEEDED));
        }
    }

    @Test
    void aJobLongerThanTheLockAndCommitLimitsKeepsItsLockAndIsNotRedelivered() throws InterruptedException {
        TrainingRequest longJob = kit.job("long", "long", dataset, 1000);
        try (var events = kit.events()) {
            kit.submit(longJob);
            events.await(l -> {
                List<TrainingEvent> mine = of(l, longJob.jobId());
                return !mine.isEmpty() && mine.stream().anyMatch(e -> e.type() == TrainingEventType.EPOCH
                        && Duration.between(mine.get(0).at(), e.at()).toSeconds() >= 65);
            }, DEADLINE, "an epoch more than 65 s after the start");
            assertEquals(1.0, registry.get("baton.trainer.jobs.running").gauge().value(), "one job runs");
            kit.send(kit.cancels, longJob.jobId(), new CancelRequest(1, longJob.jobId(), Instant.now(), "carol"));
            List<TrainingEvent> mine = of(events.await(terminal(longJob.jobId()), DEADLINE, "cancel"), longJob.jobId());
            assertEquals(1, mine.stream().filter(e -> e.type() == TrainingEventType.STARTED).count(), mine.toString());
            assertTrue(mine.stream().allMatch(e -> e.attempt() == 1), "never redelivered: " + mine);
            assertEquals(TrainingEventType.CANCELLED, mine.get(mine.size() - 1).type());
        }
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (registry.get("baton.trainer.jobs.running").gauge().value() != 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(0.0, registry.get("baton.trainer.jobs.running").gauge().value(), "none runs after the cancel");
        assertTrue(registry.get("baton.trainer.lock.renewals").tag("result", "ok").counter().count() >= 12,
                "renewed every 5 s");
        assertTrue(registry.find("baton.trainer.lock.renewals").tag("result", "failed").counter() == null
                || registry.get("baton.trainer.lock.renewals").tag("result", "failed").counter().count() == 0);
    }

    private static TrainingEvent last(List<TrainingEvent> all, String jobId) {
        List<TrainingEvent> mine = of(all, jobId);
        return mine.get(mine.size() - 1);
    }

    private static void assertFailed(List<TrainingEvent> all, String jobId, String reasonPart) {
        TrainingEvent end = last(all, jobId);
        assertEquals(TrainingEventType.FAILED, end.type(), end.toString());
        assertTrue(end.reason().contains(reasonPart), end.reason());
    }
}
