package dev.baton.gateway.predictions;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.topics.Topics;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.KafkaErrors;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The reply side of synchronous predictions: every replica reads all partitions of
 * {@code baton.inference.results} from the end (no consumer group, since an answer may land on
 * any partition) and completes the caller waiting on that correlation id. Others' answers are ignored.
 * The listener survives every error but a fatal Kafka one, which {@link BackgroundHealth} reports.
 */
@ApplicationScoped
public class PendingReplies {
    private static final Logger LOG = Logger.getLogger(PendingReplies.class);

    private final Map<String, CompletableFuture<InferenceResult>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final KafkaConnection kafka;
    private final MeterRegistry registry;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile String failure;
    private Thread thread;

    PendingReplies(KafkaConnection kafka, MeterRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event, BackgroundHealth health) throws InterruptedException {
        health.watch("inference-results listener", this::failure);
        thread = new Thread(this::run, "inference-results");
        thread.setDaemon(true);
        thread.start();
        listening.await(30, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(5_000);
    }

    /**
     * @param correlationId the id the request will carry
     * @return the future the answer completes; call {@link #forget} when done waiting
     */
    public CompletableFuture<InferenceResult> expect(String correlationId) {
        return pending.computeIfAbsent(correlationId, id -> new CompletableFuture<>());
    }

    /**
     * Waits until the listener reads the results topic: an answer published before that is never seen.
     *
     * @param timeout how long to wait
     * @return whether it listens
     * @throws InterruptedException if interrupted meanwhile
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops waiting for an answer. */
    public void forget(String correlationId) {
        pending.remove(correlationId);
    }

    /** @return what stopped the reply listener for good, or empty while it listens */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(this.kafka.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "baton-gateway-replies")),
                new StringDeserializer(), new ByteArrayDeserializer());
                // Quarkus binds only the clients SmallRye creates; this one's fetch lag goes to the Platform dashboard.
                KafkaClientMetrics metrics = new KafkaClientMetrics(kafka)) {
            metrics.bindTo(registry);
            consumer = kafka;
            listen(kafka);
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = KafkaErrors.describe(e);
            LOG.error("stopped reading " + Topics.INFERENCE_RESULTS + " for good; predicts cannot be answered", e);
        }
    }

    /**
     * Follows the results from their end. Any error but a fatal one (see {@link KafkaErrors}) is
     * logged and the loop goes on: a missed reply only times one predict out, a dead listener every one.
     */
    private void listen(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = List.of();
        while (running) {
            try {
                if (partitions.isEmpty()) {
                    partitions = kafka.partitionsFor(Topics.INFERENCE_RESULTS).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                    kafka.assign(partitions);
                    kafka.seekToEnd(partitions);
                    partitions.forEach(kafka::position);
                    listening.countDown();
                }
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    CompletableFuture<InferenceResult> waiting = record.key() == null ? null : pending.get(record.key());
                    if (waiting != null) {
                        complete(waiting, record);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (Throwable e) {
                if (KafkaErrors.isFatal(e) && !(e instanceof OutOfMemoryError)) {
                    throw e;
                }
                LOG.errorf("reading %s: %s; going on", Topics.INFERENCE_RESULTS, KafkaErrors.describe(e));
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void complete(CompletableFuture<InferenceResult> waiting, ConsumerRecord<String, byte[]> record) {
        try {
            waiting.complete(MessageCodec.instance().decode(record.value(), InferenceResult.class));
        } catch (MessageException e) {
            LOG.warnf("unreadable inference result for %s: %s", record.key(), e.getMessage());
        }
    }
}
