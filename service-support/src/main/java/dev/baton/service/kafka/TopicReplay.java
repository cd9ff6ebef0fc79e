package dev.baton.service.kafka;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.BatonMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every partition of a topic from the beginning into a view, then follows it. No consumer
 * group: each replica (and each restart) assigns itself all partitions and replays the whole topic,
 * so every replica holds the same state (the gateway's job and alias views, a trainer's cancels).
 * A topic that does not exist yet is waited for (the replay is not caught up until it has read it).
 * Tombstones (records without a value, which compaction uses to drop a key) are skipped. Unreadable records, and records the view throws on, are logged and skipped; retriable Kafka errors
 * are logged and the replay goes on; a fatal one (see {@link KafkaErrors}), or an {@link Error} such
 * as {@link OutOfMemoryError}, stops it and is reported by {@link #failure()}.
 *
 * @param <T> the message type
 */
public final class TopicReplay<T extends BatonMessage> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicReplay.class);

    private final KafkaConnection kafka;
    private final String clientId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Class<T> type;
    private final Consumer<T> view;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile List<TopicPartition> partitions = List.of();
    private volatile boolean running = true;
    private volatile String failure;
    private KafkaConsumer<String, byte[]> endOffsets;

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the topic to replay
     * @param type its message type
     * @param view what applies each message (on the replay's own thread)
     * @param clientId the Kafka client id, for the broker's logs and quotas
     */
    public TopicReplay(KafkaConnection kafka, String topic, Class<T> type, Consumer<T> view, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.topic = topic;
        this.type = type;
        this.view = view;
        this.consumer = consumer(clientId);
        this.thread = new Thread(this::run, "replay-" + topic);
        this.thread.setDaemon(true);
    }

    private KafkaConsumer<String, byte[]> consumer(String id) {
        return new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, id)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Starts replaying in the background. */
    public void start() {
        thread.start();
    }

    /** @return whether every record present at start-up has been applied */
    public boolean isCaughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    /** @return whether it caught up within the time (false when it stopped for good before) */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * @return completes once every record present at start-up has been applied, or fails with
     *     {@link ReplayStoppedException} when the replay stops for good before that
     */
    public CompletableFuture<Void> whenCaughtUp() {
        return caughtUp.copy();
    }

    /**
     * Waits (at most {@code max}) until every record on the topic now has been applied, so that a
     * record sent just before a decision (a cancel sent just before its job was taken) is seen.
     *
     * @return whether it got there in time
     */
    public synchronized boolean catchUp(Duration max) {
        List<TopicPartition> parts = partitions;
        if (parts.isEmpty()) {
            return isCaughtUp();
        }
        Map<TopicPartition, Long> ends;
        try {
            if (endOffsets == null) {
                endOffsets = consumer(clientId + "-ends");
            }
            ends = endOffsets.endOffsets(parts, max);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the end of %s: %s", topic, e.getMessage());
            return false;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * @return what stopped the replay for good (a fatal Kafka error, or an {@link Error} such as
     *     {@link OutOfMemoryError} while applying a record, after which the view may miss it), or empty
     *     while it replays; a view fed by a stopped replay is stale and its service must say so
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            List<TopicPartition> parts = assignFromBeginning();
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (running) {
                try {
                    pollOnce(parts, ends);
                } catch (WakeupException e) {
                    // closing: the loop condition ends it
                } catch (RuntimeException e) {
                    if (KafkaErrors.isFatal(e)) {
                        throw e;
                    }
                    LOG.warnf("replaying %s: %s; going on", topic, KafkaErrors.describe(e));
                    pause(1_000);
                }
            }
        } catch (WakeupException e) {
            // closed before the replay began
        } catch (Throwable e) {
            failure = KafkaErrors.describe(e);
            LOG.error("stopped replaying " + topic + " for good", e);
            caughtUp.completeExceptionally(new ReplayStoppedException(topic, failure, e));
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (Throwable e) {
                LOG.debugf("closing the %s replay: %s", topic, e.getMessage());
            }
        }
    }

    private List<TopicPartition> assignFromBeginning() {
        boolean told = false;
        while (true) {
            try {
                List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                if (parts.isEmpty()) {
                    // no such topic (yet): assigning nothing would count as caught up and never read it
                    if (!running) {
                        throw new WakeupException();
                    }
                    if (!told) {
                        LOG.warnf("topic %s does not exist yet; waiting for it", topic);
                        told = true;
                    }
                    pause(1_000);
                    continue;
                }
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                partitions = parts;
                return parts;
            } catch (RuntimeException e) {
                if (KafkaErrors.isFatal(e) || e instanceof WakeupException || !running) {
                    throw e;
                }
                LOG.warnf("cannot assign %s yet: %s; retrying", topic, KafkaErrors.describe(e));
                pause(1_000);
            }
        }
    }

    private void pollOnce(List<TopicPartition> parts, Map<TopicPartition, Long> ends) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            apply(record);
        }
        for (TopicPartition p : parts) {
            positions.put(p, consumer.position(p));
        }
        if (!isCaughtUp() && ends.entrySet().stream().allMatch(e -> positions.get(e.getKey()) >= e.getValue())) {
            LOG.infof("caught up with %s", topic);
            caughtUp.complete(null);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            LOG.debugf("skipping the tombstone at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return;
        }
        T message;
        try {
            message = MessageCodec.instance().decode(record.value(), type);
        } catch (MessageException e) {
            LOG.warnf("skipping unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        try {
            view.accept(message);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the view refused the record at %s-%d@%d; skipping it", record.topic(), record.partition(),
                    record.offset());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        synchronized (this) {
            if (endOffsets != null) {
                endOffsets.close(Duration.ofSeconds(2));
            }
        }
    }
}
