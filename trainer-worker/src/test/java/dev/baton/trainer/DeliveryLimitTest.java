package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery-count limit on its own: a job that was delivered {@code maxAttempts} times already
 * (each time its trainer went away without acknowledging it) is not run again by the next trainer
 * that takes it, but reported FAILED with the reason, and acknowledged so it leaves the queue.
 * The earlier deliveries are made by a bare share consumer of the same group that releases the
 * record, which is what the broker sees when a trainer dies: the record comes back with its
 * delivery count raised.
 */
class DeliveryLimitTest {
    @TempDir
    Path work;

    @Test
    void aJobDeliveredMoreThanMaxAttemptsTimesIsFailedWithTheReasonAndNotRunAgain() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("limit", 2, 6);
            TrainingRequest job = kit.job("limit", "limit", dataset, 1);
            kit.submit(job);
            int maxAttempts = kit.config("x", work).maxAttempts();
            List<Integer> counts = deliverAndRelease(kit, maxAttempts);
            assertEquals(java.util.stream.IntStream.rangeClosed(1, maxAttempts).boxed().toList(), counts, "each delivery raised the count");

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Trainer trainer = Trainer.start(kit.config("w-limit", work), kit.store, registry)) {
                List<TrainingEvent> mine = of(events.await(terminal(job.jobId()), Duration.ofMinutes(2), "job end"),
                        job.jobId());
                assertEquals(List.of(TrainingEventType.FAILED), mine.stream().map(TrainingEvent::type).toList(),
                        "not started again: " + mine);
                TrainingEvent failed = mine.get(0);
                assertEquals(maxAttempts + 1, failed.attempt());
                assertEquals("w-limit", failed.workerId());
                assertTrue(failed.reason().startsWith("the job was delivered " + (maxAttempts + 1) + " times and every "
                        + "trainer that took it stopped before it ended"), failed.reason());
                assertTrue(failed.reason().contains("lower batchSize or imageSize"), failed.reason());
            }
            assertEquals(1.0, registry.get("baton.trainer.jobs").tag("outcome", "failed").counter().count());
            assertTrue(deliverAndRelease(kit, 1, Duration.ofSeconds(5)).isEmpty(),
                    "the failed job was acknowledged and left the queue");
        }
    }

    private static List<Integer> deliverAndRelease(TrainerTestKit kit, int times) {
        return deliverAndRelease(kit, times, Duration.ofSeconds(60));
    }

    /** Takes the queued record {@code times} times and releases it; returns the delivery counts seen. */
    private static List<Integer> deliverAndRelease(TrainerTestKit kit, int times, Duration patience) {
        List<Integer> counts = new java.util.ArrayList<>();
        try (KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(Map.of(
                "bootstrap.servers", kit.bootstrap, "group.id", kit.group,
                "share.acknowledgement.mode", "explicit"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kit.requests));
            long end = System.nanoTime() + patience.toNanos();
            while (counts.size() < times && System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    counts.add(r.deliveryCount().map(Short::intValue).orElse(-1));
                    consumer.acknowledge(r, AcknowledgeType.RELEASE);
                }
                consumer.commitSync();
            }
        }
        return counts;
    }
}
