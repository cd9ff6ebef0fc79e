package dev.baton.inference.events;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.inference.model.ModelLoadFailed;
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
 * Reports a bundle that failed to load or warm up as a
 * {@link dev.baton.contracts.messages.ModelLoadFailed} record on the load-failures topic, keyed by
 * model name, so that the user who published it and the operators see why it does not serve.
 * Sending never blocks or fails the caller: a report that cannot be sent is logged.
 */
public final class LoadFailurePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadFailurePublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String workerId;
    private final MessageCodec codec = MessageCodec.instance();

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the load-failures topic
     * @param workerId names this worker in the reports
     */
    public LoadFailurePublisher(KafkaConnection kafka, String topic, String workerId) {
        this.topic = topic;
        this.workerId = workerId;
        this.producer = KafkaProducers.create(kafka, "baton-inference-load-failures-" + workerId,
                new ByteArraySerializer(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
    }

    /** @param failure the failed load to report */
    public void publish(ModelLoadFailed failure) {
        dev.baton.contracts.messages.ModelLoadFailed record = new dev.baton.contracts.messages.ModelLoadFailed(
                BatonMessage.CURRENT_SCHEMA_VERSION, failure.version().model(), failure.version().version(), workerId,
                failure.reason(), failure.at());
        try {
            producer.send(new ProducerRecord<>(topic, record.modelName(), codec.encode(codec.requireValid(record))),
                    (meta, error) -> {
                        if (error != null) {
                            LOG.errorf("the load failure of %s could not be reported on %s: %s", failure.version(), topic,
                                    error.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.errorf("the load failure of %s could not be reported on %s: %s", failure.version(), topic, e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
