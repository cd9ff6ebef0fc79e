package dev.baton.service.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.contracts.topics.TopicSpec;
import dev.baton.service.health.BackgroundHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replayed view's lifecycle against the real broker: ready only once caught up, and only while it runs. */
class ReplayedTopicTest {
    private KafkaConnection kafka;
    private String topic;

    @BeforeEach
    void topic() {
        kafka = KafkaConnection.plaintext(System.getProperty("kafka.bootstrap.servers"));
        topic = "baton.test.replayed-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.properties())) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .provision(List.of(new TopicSpec(topic, 2, Map.of("cleanup.policy", "delete"), "test")));
        }
    }

    @Test
    void readyOnlyOnceTheBacklogIsApplied() throws Exception {
        send("job-a", "job-b", "job-c");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch release = new CountDownLatch(1);
        BackgroundHealth health = new BackgroundHealth();
        try (ReplayedTopic<CancelRequest> replay = new ReplayedTopic<>(kafka, topic, CancelRequest.class, cancel -> {
            await(release);
            seen.add(cancel.jobId());
        }, "test-replayed-" + topic)) {
            assertFalse(replay.isReady(), "not ready before it starts");
            assertEquals("DOWN", replay.readiness("view").getStatus().name());

            assertFalse(replay.start(health, Duration.ofMillis(500)), "the backlog is held back");
            assertFalse(replay.isReady(), "not ready while the backlog is being applied");

            release.countDown();
            assertTrue(replay.awaitCaughtUp(Duration.ofSeconds(30)));
            assertTrue(replay.isReady());
            assertEquals(Set.of("job-a", "job-b", "job-c"), seen);
            assertEquals(HealthCheckResponse.Status.UP, replay.readiness("view").getStatus());
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());

            send("job-d");
            assertTrue(replay.catchUp(Duration.ofSeconds(30)));
            assertTrue(seen.contains("job-d"), "it follows the topic after catching up");
        }
    }

    @Test
    void aStoppedReplayIsNeitherReadyNorLive() throws Exception {
        send("job-a");
        BackgroundHealth health = new BackgroundHealth();
        try (ReplayedTopic<CancelRequest> replay = new ReplayedTopic<>(kafka, topic, CancelRequest.class, cancel -> {
            if (cancel.jobId().equals("job-fatal")) {
                throw new OutOfMemoryError("test: the view could not apply the record");
            }
        }, "test-replayed-" + topic)) {
            assertTrue(replay.start(health, Duration.ofSeconds(30)));
            assertTrue(replay.isReady());

            send("job-fatal");
            assertTrue(eventually(() -> replay.failure().isPresent()), "the replay stops for good on an Error");
            assertFalse(replay.isReady(), "a stopped replay leaves its view stale");
            HealthCheckResponse readiness = replay.readiness("view");
            assertEquals(HealthCheckResponse.Status.DOWN, readiness.getStatus());
            assertTrue(readiness.getData().orElseThrow().get("stopped").toString().contains("OutOfMemoryError"));
            HealthCheckResponse liveness = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, liveness.getStatus());
            assertTrue(liveness.getData().orElseThrow().containsKey("replay " + topic), liveness.getData().toString());
        }
    }

    @Test
    void startingWithoutWaitingTellsWhenCaughtUpOrThatItStoppedBefore() throws Exception {
        send("job-a", "job-fatal", "job-b");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        BackgroundHealth health = new BackgroundHealth();
        try (ReplayedTopic<CancelRequest> replay = new ReplayedTopic<>(kafka, topic, CancelRequest.class, cancel -> {
            if (cancel.jobId().equals("job-fatal")) {
                throw new OutOfMemoryError("test: the view could not apply the record");
            }
            seen.add(cancel.jobId());
        }, "test-replayed-" + topic)) {
            CompletableFuture<Void> caughtUp = replay.start(health);
            ExecutionException stopped = assertThrows(ExecutionException.class, () -> caughtUp.get(30, TimeUnit.SECONDS));
            assertInstanceOf(ReplayStoppedException.class, stopped.getCause());
            assertTrue(stopped.getCause().getMessage().contains(topic), stopped.getCause().getMessage());
            assertFalse(replay.isReady());
            assertFalse(replay.awaitCaughtUp(Duration.ofMillis(100)), "it never catches up");
            assertEquals(HealthCheckResponse.Status.DOWN, health.call().getStatus());
        }
        try (ReplayedTopic<CancelRequest> replay = new ReplayedTopic<>(kafka, topic, CancelRequest.class,
                cancel -> seen.add(cancel.jobId()), "test-replayed-again-" + topic)) {
            replay.start(new BackgroundHealth()).get(30, TimeUnit.SECONDS);
            assertTrue(replay.isReady(), "caught up when the future completes");
            assertTrue(seen.containsAll(Set.of("job-a", "job-fatal", "job-b")));
        }
    }

    @Test
    void aTopicCreatedAfterTheReplayStartedIsReadOnceItExists() throws Exception {
        String later = "baton.test.replayed-later-" + UUID.randomUUID();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (ReplayedTopic<CancelRequest> replay = new ReplayedTopic<>(kafka, later, CancelRequest.class,
                cancel -> seen.add(cancel.jobId()), "test-replayed-" + later)) {
            assertFalse(replay.start(new BackgroundHealth(), Duration.ofSeconds(2)), "no topic, nothing to catch up with");
            assertFalse(replay.isReady(), "not ready while its topic is missing");

            try (Admin admin = Admin.create(kafka.properties())) {
                new TopicProvisioner(admin, Duration.ofSeconds(30))
                        .provision(List.of(new TopicSpec(later, 1, Map.of("cleanup.policy", "delete"), "test")));
            }
            topic = later;
            send("job-late");
            assertTrue(eventually(() -> seen.contains("job-late")), "the topic is read once it exists");
            assertTrue(eventually(replay::isReady));
        }
    }

    private void send(String... jobIds) throws Exception {
        try (KafkaProducer<String, BatonMessage> producer =
                KafkaProducers.create(kafka, "test-replayed-producer", new JsonMessageSerializer())) {
            for (String jobId : jobIds) {
                producer.send(new ProducerRecord<>(topic, jobId,
                        new CancelRequest(BatonMessage.CURRENT_SCHEMA_VERSION, jobId, Instant.now(), "test"))).get();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
