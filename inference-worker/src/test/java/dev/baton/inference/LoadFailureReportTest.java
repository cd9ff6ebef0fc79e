package dev.baton.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ModelLoadFailed;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A broken bundle is reported on the load-failures topic, keyed by model, with a reason that names
 * the published file at fault (what the user sees: "baton-models/models/&lt;model&gt;/…/parameters.params
 * is truncated or not a parameter file", not this worker's temporary copy), and the old version keeps serving.
 */
@QuarkusTest
@TestProfile(IsolatedTopicsProfile.class)
class LoadFailureReportTest {

    @Inject
    InferenceWorker worker;

    @Test
    void aBrokenBundleIsReportedOnKafkaWithAnActionableReasonAndTheOldVersionKeepsServing() throws Exception {
        String model = IsolatedTopicsProfile.RUN + "-report";
        ObjectStore store = TestBundles.store();
        Path dir = Files.createTempDirectory("report-bundles");
        TestKafka.waitFor(worker::isReady, Duration.ofSeconds(120), () -> "worker ready");
        try (TestKafka kafka = new TestKafka(IsolatedTopicsProfile.RESULTS);
                KafkaConsumer<String, byte[]> reports = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(IsolatedTopicsProfile.LOAD_FAILURES, 0);
            reports.assign(List.of(partition));
            reports.seekToBeginning(List.of(partition));

            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, 1,
                    TestBundles.write(dir.resolve("v1"), 3)));
            TestKafka.waitFor(() -> worker.registry().serving(model).isPresent(), Duration.ofSeconds(120), () -> "v1");
            kafka.send(IsolatedTopicsProfile.PUBLISHED, model, TestBundles.publish(store, model, 2,
                    TestBundles.writeBroken(dir.resolve("broken"))));

            ModelLoadFailed report = awaitReport(reports, model);
            assertEquals(BatonMessage.CURRENT_SCHEMA_VERSION, report.schemaVersion());
            assertEquals(2, report.version());
            assertFalse(report.workerId().isBlank());
            String location = ObjectKeys.MODELS_BUCKET + "/" + ObjectKeys.modelVersionPrefix(model, 2) + "parameters.params";
            assertTrue(report.reason().contains(location + " is truncated or not a parameter file"), report.reason());
            assertFalse(report.reason().contains(System.getProperty("java.io.tmpdir")), "no local path: " + report.reason());

            // the old version keeps serving
            kafka.send(IsolatedTopicsProfile.REQUESTS, "after-broken", new InferenceRequest(
                    BatonMessage.CURRENT_SCHEMA_VERSION, "after-broken", model, null, null, TestBundles.image(5, "png"),
                    null, 1, Instant.now()));
            InferenceResult result = kafka.await("after-broken");
            assertNull(result.error(), () -> String.valueOf(result.error()));
            assertEquals(1, result.version());
        }
    }

    private static ModelLoadFailed awaitReport(KafkaConsumer<String, byte[]> reports, String model) {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : reports.poll(Duration.ofMillis(200))) {
                ModelLoadFailed report = MessageCodec.instance().decode(r.value(), ModelLoadFailed.class);
                if (report.modelName().equals(model)) {
                    assertEquals(model, r.key(), "keyed by model name");
                    return report;
                }
            }
        }
        throw new AssertionError("no load-failure report for " + model + " on " + IsolatedTopicsProfile.LOAD_FAILURES);
    }
}
