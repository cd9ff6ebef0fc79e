package dev.baton.trainer.cancel;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.trainer.config.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every cancel on the cancels topic, from the start of its retention, without a consumer
 * group (every trainer sees every cancel), and remembers which job ids were cancelled. A queued job
 * is cancelled when it is taken; a running job between batches.
 */
public final class CancelWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CancelWatcher.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Map<String, CancelRequest> cancelled = new ConcurrentHashMap<>();
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final KafkaConsumer<String, byte[]> endOffsets;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile List<TopicPartition> partitions = List.of();
    private volatile boolean running = true;

    /** @param config bootstrap servers and the cancels topic */
    public CancelWatcher(WorkerConfig config) {
        this.topic = config.cancelsTopic();
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "trainer-cancels-" + config.workerId()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.endOffsets = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "trainer-cancel-offsets-" + config.workerId()),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "cancel-watcher-" + config.workerId());
        this.thread.setDaemon(true);
    }

    /** Starts reading; returns once the backlog present at start was read (or after 30 s). */
    public CancelWatcher start() {
        thread.start();
        try {
            caughtUp.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /**
     * Waits (at most {@code max}) until every cancel already on the topic now was read, so that a
     * cancel sent just before its job was taken is seen when the job starts.
     */
    public synchronized void catchUp(Duration max) {
        List<TopicPartition> parts = partitions;
        if (parts.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = endOffsets.endOffsets(parts, max);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the end of %s: %s", topic, e.getMessage());
            return;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && ends.entrySet().stream()
                .anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return the cancel of this job, if one was read */
    public Optional<CancelRequest> cancelOf(String jobId) {
        return Optional.ofNullable(cancelled.get(jobId));
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.partitions = partitions;
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        CancelRequest cancel = MessageCodec.instance().decode(record.value(), CancelRequest.class);
                        cancelled.put(cancel.jobId(), cancel);
                    } catch (MessageException e) {
                        LOG.warnf("ignoring unreadable cancel at %s-%d@%d: %s", topic, record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
                for (TopicPartition p : partitions) {
                    positions.put(p, consumer.position(p));
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("cancel watcher stopped", e);
        } finally {
            caughtUp.countDown();
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            endOffsets.close();
        }
    }
}
