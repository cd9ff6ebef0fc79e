package dev.baton.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.inference.InferencePipeline;
import dev.baton.inference.TestBundles;
import dev.baton.inference.TestKafka;
import dev.baton.inference.TestSettings;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No result is lost when publishing it fails for good. On the real broker, the results topic
 * starts refusing every record ({@code max.message.bytes} below any result): requests taken then
 * get no result, and their offsets are not committed past, even when later requests are answered.
 * What the user sees: those requests get no answer while the topic refuses results; after the topic
 * is fixed and the worker restarts, they are redelivered and answered (a request answered before
 * the restart but after the held one is answered a second time, under the same correlation id).
 */
@Tag("engine")
class ResultDeliveryTest {

    private final String run = "rdel-" + UUID.randomUUID().toString().substring(0, 8);
    private final String requests = run + ".requests";
    private final String results = run + ".results";
    private final String published = run + ".published";
    private final String aliases = run + ".aliases";
    private final String deletions = run + ".deletions";
    private final String model = run + "-m";
    private final TopicPartition requestPartition = new TopicPartition(requests, 0);

    @Test
    void aResultThatCannotBePublishedIsAnsweredAfterARestartAndNothingIsLost(@TempDir Path dir) throws Exception {
        ObjectStore store = TestBundles.store();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()), new StringSerializer(),
                        new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic(requests, 1, (short) 1), new NewTopic(results, 1, (short) 1),
                    new NewTopic(published, 1, (short) 1), new NewTopic(aliases, 1, (short) 1),
                    new NewTopic(deletions, 1, (short) 1))).all().get();
            try (TestKafka kafka = new TestKafka(results)) {
                kafka.send(published, model, TestBundles.publish(store, model, 1, TestBundles.write(dir.resolve("v1"), 4)));
                Worker first = new Worker();
                send(kafka, "r0");
                assertNull(kafka.await("r0").error());
                awaitCommitted(admin, 1);

                // the results topic refuses every result: r1 and r2 get none, and are not committed past
                refuseResults(admin, producer, true);
                send(kafka, "r1");
                send(kafka, "r2");
                TestKafka.waitFor(() -> first.metrics.undeliveredCount() == 2, Duration.ofSeconds(120),
                        () -> "two undelivered results, saw " + first.metrics.undeliveredCount());
                assertEquals(2, first.pipeline.undeliveredResults());

                // fixed: r3 is answered, but the commit stays at r1 (shutdown commits what it may)
                refuseResults(admin, producer, false);
                send(kafka, "r3");
                assertNull(kafka.await("r3").error());
                first.close();
                assertEquals(1, committed(admin), "the worker never committed past the unanswered r1");
                assertTrue(!kafka.results().containsKey("r1") && !kafka.results().containsKey("r2"));

                // the restart: r1 and r2 are redelivered and answered; nothing is lost
                Worker second = new Worker();
                for (String id : List.of("r0", "r1", "r2", "r3")) {
                    InferenceResult result = kafka.await(id);
                    assertNull(result.error(), () -> id + ": " + result.error());
                    assertEquals(1, result.version());
                }
                TestKafka.waitFor(() -> kafka.results().get("r3").size() == 2, Duration.ofSeconds(120),
                        () -> "r3 answered again after the restart (at-least-once)");
                second.close();
                assertEquals(4, committed(admin), "every request committed once answered");
                assertEquals(0, second.metrics.undeliveredCount());
                assertEquals(1, kafka.results().get("r0").size(), "r0 was committed before the outage");
            }
        } finally {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()))) {
                admin.deleteTopics(List.of(requests, results, published, aliases, deletions)).all().get();
            }
        }
    }

    private void send(TestKafka kafka, String id) {
        kafka.send(requests, id, new InferenceRequest(BatonMessage.CURRENT_SCHEMA_VERSION, id, model, null, null,
                TestBundles.image(id.hashCode(), "png"), null, 2, Instant.now()));
    }

    /**
     * Sets (or removes) a {@code max.message.bytes} on the results topic below any result, and waits
     * until the broker applies it: a probe result is refused (or accepted).
     */
    private void refuseResults(Admin admin, KafkaProducer<String, byte[]> producer, boolean refuse) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, results);
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "16");
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(entry,
                refuse ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE)))).all().get();
        int[] probes = {0};
        TestKafka.waitFor(() -> {
            String id = "probe-" + probes[0]++;
            byte[] value = MessageCodec.instance().encode(InferenceResult.failure(id, model,
                    InferenceResult.InferenceError.Code.INVALID_REQUEST, "a probe of the results topic"));
            try {
                producer.send(new ProducerRecord<>(results, id, value)).get();
                return !refuse;
            } catch (ExecutionException e) {
                assertInstanceOf(RecordTooLargeException.class, e.getCause());
                return refuse;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60), () -> "the results topic " + (refuse ? "refusing" : "accepting") + " records");
    }

    private long committed(Admin admin) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(run).partitionsToOffsetAndMetadata().get()
                .get(requestPartition);
        return offset == null ? -1 : offset.offset();
    }

    private void awaitCommitted(Admin admin, long offset) {
        TestKafka.waitFor(() -> {
            try {
                return committed(admin) == offset;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60), () -> "offset " + offset + " committed");
    }

    /** The worker's pipeline as {@code InferenceWorker} runs it, on this test's topics. */
    private final class Worker implements AutoCloseable {
        final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        final InferencePipeline pipeline;

        Worker() throws Exception {
            pipeline = new InferencePipeline(TestSettings.inference(Map.ofEntries(
                    Map.entry("topics.requests", requests),
                    Map.entry("topics.results", results),
                    Map.entry("topics.models-published", published),
                    Map.entry("topics.model-aliases", aliases),
                    Map.entry("topics.model-deletions", deletions),
                    Map.entry("topics.load-failures", run + ".load-failures"),
                    Map.entry("topics.group", run),
                    Map.entry("batch.max-size", "4"),
                    Map.entry("batch.workers", "1"),
                    Map.entry("models.max-loaded", "2"),
                    Map.entry("models.warmup-passes", "1"),
                    Map.entry("max-image-bytes", String.valueOf(1 << 20)),
                    Map.entry("max-in-flight", "16"),
                    Map.entry("commit-interval", "100ms"),
                    Map.entry("results.delivery-timeout", "10s"))),
                    KafkaConnection.plaintext(TestBundles.bootstrap()), TestBundles.store(), metrics, failure -> { });
            pipeline.start(new BackgroundHealth()).get(120, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            pipeline.close();
        }
    }
}
