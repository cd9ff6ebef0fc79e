package dev.baton.contracts.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.contracts.Samples;
import dev.baton.contracts.TestServices;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.topics.TopicProvisioner;
import dev.baton.contracts.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Messages published to and consumed from the real broker, a poison record among them. */
class KafkaRoundTripTest {

    @Test
    void publishedRequestIsConsumedIntactAndAPoisonRecordIsReportedNotFatal() throws Exception {
        String topic = "baton.test.roundtrip-" + UUID.randomUUID();
        try (Admin admin = TestServices.admin()) {
            new TopicProvisioner(admin, Duration.ofSeconds(30))
                    .provision(List.of(new TopicSpec(topic, 1, Map.of("cleanup.policy", "delete"), "test")));
        }
        TrainingRequest request = Samples.trainingRequest("job-rt");
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafkaBootstrap());
        try (KafkaProducer<String, BatonMessage> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new JsonMessageSerializer());
                KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "poison", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(topic, request.jobId(), request)).get();
        }

        List<TrainingRequest> decoded = new ArrayList<>();
        List<MessageException> rejected = new ArrayList<>();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (decoded.size() + rejected.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        decoded.add(MessageCodec.instance().decode(record.value(), TrainingRequest.class));
                    } catch (MessageException e) {
                        rejected.add(e);
                    }
                }
            }
        }
        assertEquals(List.of(request), decoded);
        assertEquals(1, rejected.size());
        assertEquals(MalformedMessageException.class, rejected.get(0).getClass());
        assertEquals("", rejected.get(0).violations().get(0).field());
    }
}
