package dev.baton.gateway;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.topics.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the whole life of three jobs to the real {@code baton.training.events} before the
 * gateway starts, as a gateway that restarts after they happened would find them.
 */
public class EventsPublishedBeforeStart implements QuarkusTestResourceLifecycleManager {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String MODEL = "gw-restart-" + RUN;
    static final String SUCCEEDED = "job-restart-" + RUN + "-ok";
    static final String FAILED = "job-restart-" + RUN + "-failed";
    static final String RUNNING = "job-restart-" + RUN + "-running";

    @Override
    public Map<String, String> start() {
        String bootstrap = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:39092");
        try (KafkaProducer<String, BatonMessage> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new JsonMessageSerializer())) {
            for (TrainingEvent event : List.of(
                    queued(SUCCEEDED), queued(FAILED), queued(RUNNING),
                    TrainingEvent.of(SUCCEEDED, TrainingEventType.STARTED).by("trainer-a", 1),
                    TrainingEvent.of(FAILED, TrainingEventType.STARTED).by("trainer-b", 1),
                    TrainingEvent.of(FAILED, TrainingEventType.STARTED).by("trainer-a", 2),
                    TrainingEvent.of(RUNNING, TrainingEventType.STARTED).by("trainer-b", 1),
                    TrainingEvent.of(RUNNING, TrainingEventType.EPOCH).by("trainer-b", 1).atEpoch(1, 5)
                            .withMetrics(Map.of("loss", 1.5)),
                    TrainingEvent.of(SUCCEEDED, TrainingEventType.SUCCEEDED).by("trainer-a", 1).withModel(MODEL, 1),
                    TrainingEvent.of(FAILED, TrainingEventType.FAILED).by("trainer-a", 2).withReason("out of memory"))) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_EVENTS, event.jobId(), event)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the events", e);
        }
        return Map.of();
    }

    private static TrainingEvent queued(String jobId) {
        return TrainingEvent.of(jobId, TrainingEventType.QUEUED).withModel(MODEL, null);
    }

    @Override
    public void stop() {
    }
}
