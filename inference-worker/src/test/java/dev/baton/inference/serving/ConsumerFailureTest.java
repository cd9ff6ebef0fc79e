package dev.baton.inference.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.inference.TestBundles;
import dev.baton.inference.TestKafka;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelLoader;
import dev.baton.inference.model.ModelRegistry;
import dev.baton.inference.model.ServingPolicy;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.transfer.device.DevicePreference;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request consumer cannot die unseen: an {@link OutOfMemoryError} in its thread (here the one a
 * thread pool throws when no native thread can be made) stops it, and it says why, so liveness is
 * DOWN and Kubernetes restarts the worker. On the real broker.
 */
@Tag("engine")
class ConsumerFailureTest {
    private final String run = "cfail-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anErrorInTheConsumeLoopTurnsLivenessDownWithTheReason(@TempDir Path dir) throws Exception {
        String requests = run + ".requests";
        InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());
        ModelRegistry registry = new ModelRegistry(new ModelCatalog(), new ModelLoader(TestBundles.store(),
                DevicePreference.CPU, 1, 4, dir), 2, metrics, failure -> { });
        DynamicBatcher batcher = new DynamicBatcher(4, Duration.ofMillis(5), 1, metrics);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()), new StringSerializer(),
                        new ByteArraySerializer());
                ResultPublisher publisher = new ResultPublisher(KafkaConnection.plaintext(TestBundles.bootstrap()), run + ".results",
                        run + "-results", Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO)) {
            admin.createTopics(List.of(new NewTopic(requests, 1, (short) 1), new NewTopic(run + ".results", 1, (short) 1)))
                    .all().get();
            RequestHandler handler = new RequestHandler(registry, m -> new ServingPolicy.Latest(),
                    new ImageSource(TestBundles.store(), 1 << 20, 25_000_000), batcher, publisher, metrics,
                    new NoThreadsLeft());
            RequestConsumer consumer = new RequestConsumer(KafkaConnection.plaintext(TestBundles.bootstrap()), requests, run, run + "-consumer",
                    handler, 16, Duration.ofMillis(100), Duration.ofSeconds(5), metrics);
            BackgroundHealth health = new BackgroundHealth();
            health.watch("request consumer", consumer::failure);
            consumer.start();
            assertEquals(HealthCheckResponse.Status.UP, health.call().getStatus());
            producer.send(new ProducerRecord<>(requests, "r1", MessageCodec.instance().encode(new InferenceRequest(
                    BatonMessage.CURRENT_SCHEMA_VERSION, "r1", run + "-m", null, null, TestBundles.image(1, "png"),
                    null, 1, Instant.now())))).get();
            TestKafka.waitFor(() -> consumer.failure().isPresent(), Duration.ofSeconds(60), () -> "the consumer reports");
            HealthCheckResponse response = health.call();
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(String.valueOf(response.getData().orElseThrow().get("request consumer"))
                    .startsWith("OutOfMemoryError: unable to create native thread"), response.getData().toString());
            consumer.close();
        } finally {
            batcher.close();
            registry.close();
        }
    }

    /** A pool that cannot start a thread, as when the process is out of memory. */
    private static final class NoThreadsLeft extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
