package dev.baton.inference.serving;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.InferenceResult;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes results keyed by correlation id (idempotent producer, {@code acks=all}) and runs a
 * callback once the broker has them, or once sending has definitively failed (logged).
 */
public final class ResultPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResultPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final MessageCodec codec = MessageCodec.instance();

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param topic the results topic
     * @param clientId the producer's client id
     */
    public ResultPublisher(String bootstrap, String topic, String clientId) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * @param result the result
     * @param done run after the broker acknowledged it (or sending failed)
     */
    public void publish(InferenceResult result, Runnable done) {
        producer.send(new ProducerRecord<>(topic, result.correlationId(), codec.encode(result)), (meta, error) -> {
            if (error != null) {
                LOG.errorf("result %s could not be published: %s", result.correlationId(), error.getMessage());
            }
            done.run();
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
