package dev.baton.inference.serving;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.KafkaProducers;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Publishes results keyed by correlation id (idempotent producer, {@code acks=all}) and tells the
 * caller once the broker acknowledged each one, or once sending failed for good. Retries are the
 * producer's own: it retries retriable errors (broker away, topic or leader missing) until
 * {@code delivery.timeout.ms}; only then, or on an error no retry can fix (record too large for
 * the topic), a result counts as undelivered.
 */
public final class ResultPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResultPublisher.class);

    /** Told once per result how its publication ended. */
    @FunctionalInterface
    public interface Delivery {
        /** @param failure null when the broker acknowledged the result, else why it is not published */
        void completed(Exception failure);
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final MessageCodec codec = MessageCodec.instance();

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the results topic
     * @param clientId the producer's client id
     * @param deliveryTimeout how long the producer retries one result ({@code delivery.timeout.ms})
     * @param metadataTimeout how long a send may wait for the topic's metadata ({@code max.block.ms})
     * @param linger how long the producer waits to batch results ({@code linger.ms})
     */
    public ResultPublisher(KafkaConnection kafka, String topic, String clientId, Duration deliveryTimeout,
            Duration metadataTimeout, Duration linger) {
        this.topic = topic;
        int delivery = (int) deliveryTimeout.toMillis();
        int lingerMs = (int) linger.toMillis();
        this.producer = KafkaProducers.create(kafka, clientId, new ByteArraySerializer(), Map.of(
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery,
                // the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(30_000, delivery - lingerMs)),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, metadataTimeout.toMillis(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }

    /**
     * @param result the result
     * @param delivery told once the broker acknowledged it, or once sending failed for good
     */
    public void publish(InferenceResult result, Delivery delivery) {
        try {
            producer.send(new ProducerRecord<>(topic, result.correlationId(), codec.encode(result)), (meta, error) -> {
                if (error != null) {
                    LOG.errorf("result %s could not be published on %s: %s", result.correlationId(), topic,
                            error.toString());
                }
                delivery.completed(error);
            });
        } catch (RuntimeException e) {
            LOG.errorf("result %s could not be sent to %s: %s", result.correlationId(), topic, e.toString());
            delivery.completed(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
