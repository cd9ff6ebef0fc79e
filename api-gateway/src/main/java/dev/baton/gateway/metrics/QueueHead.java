package dev.baton.gateway.metrics;

import dev.baton.service.kafka.KafkaConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the timestamp of the first unfinished record of a queue (see {@link ShareGroupBacklog.Backlog#heads()}):
 * a plain consumer without a group that seeks to each head offset and takes the first record's
 * timestamp (the producer's create time, which is when the gateway queued the job). It commits
 * nothing and joins no group, so the trainers' share group is not touched. Not thread-safe: one
 * refresher thread uses it.
 */
public final class QueueHead implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    /**
     * @param kafka the brokers and how to authenticate
     * @param timeout how long reading one head may take
     */
    public QueueHead(KafkaConnection kafka, Duration timeout) {
        this.timeout = timeout;
        this.consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "baton-queue-head",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * @param heads per partition the offset of its first unfinished record
     * @return the oldest timestamp among those records; empty when there are none or none could be read in time
     */
    public Optional<Instant> oldest(Map<TopicPartition, Long> heads) {
        Optional<Instant> oldest = Optional.empty();
        for (Map.Entry<TopicPartition, Long> head : heads.entrySet()) {
            Optional<Instant> at = timestampAt(head.getKey(), head.getValue());
            if (at.isPresent() && (oldest.isEmpty() || at.get().isBefore(oldest.get()))) {
                oldest = at;
            }
        }
        return oldest;
    }

    private Optional<Instant> timestampAt(TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= offset) {
                    return Optional.of(Instant.ofEpochMilli(record.timestamp()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
