package dev.baton.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.trainer.publish.VersionAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** Two trainers allocating versions of the same model at once never share or reuse a version. */
class VersionAllocatorTest {

    @Test
    void concurrentAllocatorsGiveEveryJobItsOwnVersionAndTheSameOneAgain() throws Exception {
        String topic = "test.trainer.versions." + UUID.randomUUID();
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", TrainerTestKit.prop("kafka.bootstrap.servers")))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(VersionAllocator.topicSpec(topic)));
        }
        Map<String, Integer> versions = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (VersionAllocator a = new VersionAllocator(KafkaConnection.plaintext(TrainerTestKit.prop("kafka.bootstrap.servers")), topic, "a");
                VersionAllocator b = new VersionAllocator(KafkaConnection.plaintext(TrainerTestKit.prop("kafka.bootstrap.servers")), topic, "b")) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (VersionAllocator allocator : List.of(a, b)) {
                String trainer = allocator == a ? "a" : "b";
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 8; i++) {
                        String job = trainer + "-job-" + i;
                        versions.put(job, allocator.allocate("shared-model", job));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            Set<Integer> distinct = new TreeSet<>(versions.values());
            assertEquals(16, versions.size());
            assertEquals(IntStream.rangeClosed(1, 16).boxed().toList(), List.copyOf(distinct),
                    "16 jobs, 16 different versions, no gap: " + versions);
            // A redelivered job (e.g. after a crash) gets its own version back, from either trainer.
            assertEquals(versions.get("a-job-3"), b.allocate("shared-model", "a-job-3"));
            assertEquals(versions.get("b-job-5"), a.allocate("shared-model", "b-job-5"));
            // Versions are per model.
            assertEquals(1, a.allocate("another-model", "a-job-3"));
            assertEquals(17, b.allocate("shared-model", "late-job"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletedNewestVersionIsNeverGivenAgain() throws Exception {
        String topic = "test.trainer.versions." + UUID.randomUUID();
        String model = "deleted-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TrainerTestKit.prop("kafka.bootstrap.servers")))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).provision(List.of(VersionAllocator.topicSpec(topic)));
        }
        ObjectStore store = ObjectStore.connect(new ObjectStoreConfig(TrainerTestKit.prop("baton.s3.endpoint"),
                TrainerTestKit.prop("baton.s3.access-key"), TrainerTestKit.prop("baton.s3.secret-key"), "us-east-1"));
        store.ensureBucket(ObjectKeys.MODELS_BUCKET);
        AtomicPublisher publisher = new AtomicPublisher(store);
        Path bundle = Files.createTempDirectory("bundle");
        Files.writeString(bundle.resolve("model.params"), "weights");
        KafkaConnection kafka = KafkaConnection.plaintext(TrainerTestKit.prop("kafka.bootstrap.servers"));
        try (VersionAllocator first = new VersionAllocator(kafka, topic, "first")) {
            for (int v = 1; v <= 3; v++) {
                assertEquals(v, first.allocate(model, "job-" + v));
                publisher.publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, v), bundle,
                        Map.of());
            }
        }
        // The gateway's DELETE of the newest version removes its objects; a trainer started afterwards
        // still gives the next job a new number.
        publisher.unpublish(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, 3));
        assertEquals(List.of(ObjectKeys.modelVersionPrefix(model, 1), ObjectKeys.modelVersionPrefix(model, 2)),
                store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(model)));
        try (VersionAllocator restarted = new VersionAllocator(kafka, topic, "restarted")) {
            assertEquals(4, restarted.allocate(model, "job-4"));
        }
    }
}
