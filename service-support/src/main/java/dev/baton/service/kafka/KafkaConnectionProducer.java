package dev.baton.service.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The service's {@link KafkaConnection}, from the same {@code kafka.*} configuration that Quarkus gives its own
 * Kafka channels (the {@code default-kafka-broker} map: {@code kafka.security.protocol} in a properties file,
 * {@code KAFKA_SECURITY_PROTOCOL} in the environment, both read as {@code security.protocol}).
 */
@ApplicationScoped
public class KafkaConnectionProducer {
    private static final Logger LOG = Logger.getLogger(KafkaConnectionProducer.class);

    /**
     * @param kafkaConfig every {@code kafka.*} property, prefix removed
     * @return the connection every Kafka client of the service uses
     */
    @Produces
    @Singleton
    public KafkaConnection connection(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        KafkaConnection connection = KafkaConnection.of(kafkaConfig);
        LOG.infof("Kafka clients connect to %s", connection);
        return connection;
    }
}
