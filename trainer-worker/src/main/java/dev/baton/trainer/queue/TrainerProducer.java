package dev.baton.trainer.queue;

import dev.baton.contracts.json.JsonMessageSerializer;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.DeadLetter;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.service.kafka.KafkaProducers;
import dev.baton.trainer.config.WorkerConfig;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends what a trainer reports: training events (keyed by job id), model-published records (keyed
 * by model name) and dead letters. Idempotent producer, acks=all; every send waits for the broker,
 * so an event is on the topic before the job's record is acknowledged. Thread-safe.
 */
public final class TrainerProducer implements AutoCloseable {
    private final KafkaProducer<String, BatonMessage> producer;
    private final WorkerConfig config;

    /** @param config topics and the Kafka connection */
    public TrainerProducer(WorkerConfig config) {
        this.config = config;
        this.producer = KafkaProducers.create(config.kafka(), "trainer-" + config.workerId(),
                new JsonMessageSerializer());
    }

    /** Sends a training event and waits for the broker. */
    public void event(TrainingEvent event) {
        send(config.eventsTopic(), event.jobId(), event);
    }

    /** Sends a model-published record and waits for the broker. */
    public void published(ModelPublished record) {
        send(config.publishedTopic(), record.modelName(), record);
    }

    /** Sends a dead letter and waits for the broker. */
    public void deadLetter(DeadLetter letter) {
        send(config.deadLettersTopic(), letter.key(), letter);
    }

    private void send(String topic, String key, BatonMessage message) {
        try {
            producer.send(new ProducerRecord<>(topic, key, message)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new KafkaException("could not send to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
