package dev.baton.gateway.support;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays a worker's part with a plain producer: publishes messages keyed by id on the real broker. */
public final class TrainerPlayer implements AutoCloseable {
    private final KafkaProducer<String, BatonMessage> producer = new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new JsonMessageSerializer());

    /** Publishes a training event, keyed by its job id, and waits for the broker's ack. */
    public void publish(dev.baton.contracts.messages.TrainingEvent event) {
        send(Topics.TRAINING_EVENTS, event.jobId(), event);
    }

    /** Publishes any message and waits for the broker's ack. */
    public void send(String topic, String key, BatonMessage message) {
        try {
            producer.send(new ProducerRecord<>(topic, key, message)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
