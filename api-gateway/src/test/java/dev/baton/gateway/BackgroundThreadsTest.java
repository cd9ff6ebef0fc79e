package dev.baton.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.gateway.support.Eventually;
import dev.baton.gateway.support.TopicProbe;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.TopicReplay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Background threads never die unseen: a replay survives a record its view throws on, and an
 * {@link Error} (the {@link OutOfMemoryError} a hostile client caused) stops it and turns liveness
 * DOWN with the reason, as does any thread ended by an uncaught error. On the real broker.
 */
class BackgroundThreadsTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aReplaySkipsARecordItsViewThrowsOnAndGoesOn() throws Exception {
        String topic = topicWith("skip", "job-a", "job-b", "job-c");
        List<String> applied = new CopyOnWriteArrayList<>();
        try (TopicReplay<TrainingEvent> replay = new TopicReplay<>(KafkaConnection.plaintext(TopicProbe.bootstrap()), topic, TrainingEvent.class,
                event -> {
                    if (event.jobId().equals("job-b")) {
                        throw new IllegalStateException("a bug in the view");
                    }
                    applied.add(event.jobId());
                }, "test-replay-skip")) {
            replay.start();
            assertTrue(replay.awaitCaughtUp(Duration.ofSeconds(30)));
            assertEquals(List.of("job-a", "job-c"), applied);
            assertTrue(replay.failure().isEmpty());
        }
    }

    @Test
    void anErrorStopsTheReplayAndLivenessSaysWhy() throws Exception {
        String topic = topicWith("oom", "job-a", "job-b");
        BackgroundHealth health = new BackgroundHealth();
        try (TopicReplay<TrainingEvent> replay = new TopicReplay<>(KafkaConnection.plaintext(TopicProbe.bootstrap()), topic, TrainingEvent.class,
                event -> {
                    if (event.jobId().equals("job-b")) {
                        throw new OutOfMemoryError("provoked by the test");
                    }
                }, "test-replay-oom")) {
            health.watch("replay " + topic, replay::failure);
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
            replay.start();
            Eventually.until("the replay reports its failure", () -> replay.failure().isPresent());
            HealthCheckResponse response = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals("OutOfMemoryError: provoked by the test", response.getData().orElseThrow().get("replay " + topic));
        }
    }

    @Test
    void aThreadEndedByAnUncaughtErrorTurnsLivenessDown() throws Exception {
        BackgroundHealth health = new BackgroundHealth();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            health.recordUncaughtErrors();
            Thread batcher = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, "test-batcher-" + RUN);
            batcher.start();
            batcher.join();
            HealthCheckResponse response = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals("OutOfMemoryError: Java heap space", response.getData().orElseThrow().get("test-batcher-" + RUN));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    private static String topicWith(String name, String... jobIds) throws Exception {
        String topic = "test.background." + name + "." + RUN;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap()));
                KafkaProducer<String, BatonMessage> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap()),
                        new StringSerializer(), new JsonMessageSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            for (String jobId : jobIds) {
                producer.send(new ProducerRecord<>(topic, jobId, TrainingEvent.of(jobId, TrainingEventType.QUEUED)
                        .withModel("m", null))).get();
            }
        }
        return topic;
    }
}
