package dev.baton.service.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds every producer a service writes by hand, with the settings they all share: the connection's
 * properties (bootstrap servers, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}), a client id,
 * {@code acks=all} with idempotence (no loss, no duplicate on retry) and string keys. Each producer states
 * only what differs (its {@code linger.ms}, {@code max.block.ms}, compression, …); the rest stays Kafka's
 * default.
 */
public final class KafkaProducers {
    private KafkaProducers() {
    }

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param clientId the producer's client id (the broker's logs and quotas, and {@code BackgroundHealth}'s report
     *        of a dead I/O thread, name it)
     * @param own this producer's own settings, which win over the shared ones
     * @return the producer's configuration
     */
    public static Map<String, Object> settings(KafkaConnection kafka, String clientId, Map<String, ?> own) {
        Map<String, Object> shared = new HashMap<>();
        shared.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        shared.put(ProducerConfig.ACKS_CONFIG, "all");
        shared.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        shared.putAll(own);
        return kafka.with(shared);
    }

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param clientId the producer's client id
     * @param values how values are written
     * @param own this producer's own settings (see {@link #settings})
     * @param <V> the value type
     * @return a producer with string keys
     */
    public static <V> KafkaProducer<String, V> create(KafkaConnection kafka, String clientId, Serializer<V> values,
            Map<String, ?> own) {
        return new KafkaProducer<>(settings(kafka, clientId, own), new StringSerializer(), values);
    }

    /** {@link #create(KafkaConnection, String, Serializer, Map)} with nothing of its own. */
    public static <V> KafkaProducer<String, V> create(KafkaConnection kafka, String clientId, Serializer<V> values) {
        return create(kafka, clientId, values, Map.of());
    }
}
