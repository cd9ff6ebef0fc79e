package dev.baton.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads what is written to a topic after the probe was made (other tests share the broker, so
 * only records with the expected key count). No consumer group.
 */
public final class TopicProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;

    private TopicProbe(String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** @return a probe of records written to the topic from now on */
    public static TopicProbe from(String topic) {
        return new TopicProbe(topic);
    }

    /** @return the Kafka bootstrap servers the tests use */
    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /**
     * @param key the record key
     * @param count how many records of that key to wait for
     * @return their values, in order
     */
    public List<byte[]> await(String key, int count) {
        List<byte[]> values = new ArrayList<>();
        Eventually.until(count + " record(s) keyed " + key, () -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    values.add(record.value());
                }
            }
            return values.size() >= count;
        });
        return values;
    }

    /**
     * @param key the record key
     * @param wait how long to keep reading
     * @return every record of that key written within the wait
     */
    public List<byte[]> collect(String key, Duration wait) {
        List<byte[]> values = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(record.key())) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
