package dev.baton.gateway.support;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the inference worker with plain clients on the real broker: reads requests for one model
 * (from now on, no group) and answers each on {@code baton.inference.results} keyed by correlation id.
 */
public final class InferenceWorkerPlayer implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final TrainerPlayer producer = new TrainerPlayer();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param model the model whose requests it answers
     * @param answer the result for a request
     */
    public InferenceWorkerPlayer(String model, Function<InferenceRequest, InferenceResult> answer) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TopicProbe.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.INFERENCE_REQUESTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    InferenceRequest request = MessageCodec.instance().decode(record.value(), InferenceRequest.class);
                    if (model.equals(request.model())) {
                        producer.send(Topics.INFERENCE_RESULTS, request.correlationId(), answer.apply(request));
                    }
                }
            }
            consumer.close();
        }, "inference-worker-player");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        producer.close();
    }
}
