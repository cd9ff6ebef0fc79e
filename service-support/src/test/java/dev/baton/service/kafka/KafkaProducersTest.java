package dev.baton.service.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every hand-built producer shares, and what one may change. */
class KafkaProducersTest {
    private static final KafkaConnection SASL = KafkaConnection.of(Map.of("bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));

    @Test
    void everyProducerGetsTheConnectionAClientIdAndAcksAllWithIdempotence() {
        assertEquals(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "client.id", "trainer-w1",
                "acks", "all",
                "enable.idempotence", true), KafkaProducers.settings(SASL, "trainer-w1", Map.of()));
    }

    @Test
    void aProducerStatesOnlyWhatDiffersAndItsOwnSettingsWin() {
        Map<String, Object> settings = KafkaProducers.settings(SASL, "results",
                Map.of("linger.ms", 5, "compression.type", "lz4", "acks", "1"));
        assertEquals(5, settings.get("linger.ms"));
        assertEquals("lz4", settings.get("compression.type"));
        assertEquals("1", settings.get("acks"));
        assertEquals(true, settings.get("enable.idempotence"));
        assertEquals("SASL_SSL", settings.get("security.protocol"));
    }
}
