package dev.baton.service.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of the {@code kafka.*} configuration reaches every Kafka client of a service. */
class KafkaConnectionTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"secret\";";

    @Test
    void theSecurityPropertiesReachEveryClientAndNothingElseDoes() {
        // As Quarkus' default-kafka-broker map holds them: KAFKA_SECURITY_PROTOCOL read as security.protocol, and
        // Quarkus' own kafka.* keys and its default group id beside them.
        KafkaConnection kafka = KafkaConnection.of(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/baton/kafka-ca/ca.crt",
                "group.id", "api-gateway",
                "devservices.enabled", "false",
                "ssl.keystore.location", ""));
        assertEquals(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/baton/kafka-ca/ca.crt"), kafka.properties());
        Map<String, Object> consumer = kafka.with(Map.of("group.id", "baton-inference", "client.id", "c"));
        assertEquals("baton-inference", consumer.get("group.id"), "a client's own settings are its own");
        assertEquals(JAAS, consumer.get("sasl.jaas.config"));
    }

    @Test
    void withoutSecurityPropertiesClientsUsePlaintext() {
        KafkaConnection kafka = KafkaConnection.plaintext("127.0.0.1:39092");
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:39092"), kafka.properties());
        assertEquals("PLAINTEXT", kafka.securityProtocol());
    }

    @Test
    void itNamesTheBrokersButNeverTheCredentials() {
        KafkaConnection kafka = KafkaConnection.of(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));
        assertEquals("broker:9093 (SASL_SSL)", kafka.toString());
        assertFalse(kafka.toString().contains("secret"));
    }

    @Test
    void noBootstrapServersIsAnErrorThatNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.of(Map.of("security.protocol", "SASL_SSL")));
        assertEquals("kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set", e.getMessage());
    }
}
