package dev.baton.trainer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.topics.TopicSpec;
import dev.baton.contracts.topics.Topics;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.KafkaProducers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Allocates model versions through a single-partition Kafka topic used as a totally ordered log of
 * claims {@code {model, jobId}}. The version of a job is the position of its job id among the
 * distinct job ids that claimed the same model, counted in log order up to the job's first claim.
 *
 * <p>Why this is safe without conditional writes: the partition gives every claim one offset, and
 * every trainer computes a version from the same log prefix, so two different jobs can never get
 * the same version (their first claims have different offsets and so different positions); a later
 * claim always gets a higher version (monotonic); a job that claims again (redelivery after a
 * crash) gets its first version back, so a version is never given to two jobs and never reused. A
 * version whose job failed before publishing stays unused (a gap), never reassigned.
 */
public final class VersionAllocator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConnection kafka;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the claims topic (single partition, see {@link #topicSpec})
     * @param clientId the claims producer's client id
     */
    public VersionAllocator(KafkaConnection kafka, String topic, String clientId) {
        this.kafka = kafka;
        this.topic = topic;
        this.producer = KafkaProducers.create(kafka, clientId, new ByteArraySerializer());
    }

    /** @return the claims topic's settings ({@link Topics#MODEL_VERSIONS}'s) under the given name */
    public static TopicSpec topicSpec(String topic) {
        return Topics.spec(Topics.MODEL_VERSIONS).named(topic);
    }

    /**
     * Claims a version for a job (or returns the one it claimed before).
     *
     * @param model the model name
     * @param jobId the job
     * @return the job's version of the model, from 1
     */
    public int allocate(String model, String jobId) {
        Optional<Integer> earlier = find(model, jobId, Long.MAX_VALUE);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        long offset;
        try {
            byte[] claim = JSON.writeValueAsBytes(Map.of("model", model, "jobId", jobId));
            RecordMetadata meta = producer.send(new ProducerRecord<>(topic, 0, model, claim)).get();
            offset = meta.offset();
        } catch (IOException | ExecutionException e) {
            throw new KafkaException("cannot claim a version of " + model + " on " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while claiming a version", e);
        }
        return find(model, jobId, offset).orElseThrow(
                () -> new KafkaException("claim of " + jobId + " at offset " + offset + " not found on " + topic));
    }

    /**
     * @param model the model
     * @param jobId the job
     * @return the version the job claimed, if it claimed one
     */
    public Optional<Integer> claimed(String model, String jobId) {
        return find(model, jobId, Long.MAX_VALUE);
    }

    /** Reads the log up to {@code lastOffset} (inclusive; MAX for the current end) and finds the job's position. */
    private Optional<Integer> find(String model, String jobId, long lastOffset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = lastOffset == Long.MAX_VALUE
                    ? consumer.endOffsets(List.of(partition)).get(partition)
                    : lastOffset + 1;
            Map<String, LinkedHashSet<String>> jobsByModel = new HashMap<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end) {
                        break;
                    }
                    JsonNode claim = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
                    jobsByModel.computeIfAbsent(claim.path("model").asText(), m -> new LinkedHashSet<>())
                            .add(claim.path("jobId").asText());
                }
            }
            List<String> jobs = new ArrayList<>(jobsByModel.getOrDefault(model, new LinkedHashSet<>()));
            int index = jobs.indexOf(jobId);
            return index < 0 ? Optional.empty() : Optional.of(index + 1);
        } catch (IOException e) {
            throw new KafkaException("unreadable claim on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
