package dev.baton.inference;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A producer and a results collector on the real broker, for tests. */
public final class TestKafka implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, List<InferenceResult>> results = new ConcurrentHashMap<>();
    private final Thread collector;
    private volatile boolean running = true;

    /** @param resultsTopic the topic to collect results from (read from the beginning) */
    public TestKafka(String resultsTopic) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(resultsTopic).forEach(p -> partitions.add(new TopicPartition(resultsTopic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        collector = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        InferenceResult result = MessageCodec.instance().decode(r.value(), InferenceResult.class);
                        results.computeIfAbsent(result.correlationId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(result);
                    }
                }
            }
        }, "test-results");
        collector.setDaemon(true);
        collector.start();
    }

    /** Sends a message and waits for the broker. */
    public void send(String topic, String key, BatonMessage message) {
        send(topic, key, MessageCodec.instance().encode(message));
    }

    /** Sends raw bytes and waits for the broker. */
    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return every result by correlation id */
    public Map<String, List<InferenceResult>> results() {
        return results;
    }

    /** @return the first result of a request, waiting for it */
    public InferenceResult await(String correlationId) {
        waitFor(() -> results.containsKey(correlationId), Duration.ofSeconds(120), () -> "no result for " + correlationId);
        return results.get(correlationId).get(0);
    }

    /**
     * Waits (a bound against hanging, not a speed assertion).
     *
     * @throws AssertionError when the condition does not come true in time
     */
    public static void waitFor(BooleanSupplier condition, Duration bound, Supplier<String> what) {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            collector.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
