package dev.baton.inference.events;

import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.KafkaErrors;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.inference.model.ModelCatalog;
import dev.baton.inference.model.ModelHotSwapper;
import dev.baton.inference.model.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the compacted model topics from the beginning with manual partition assignment (no
 * group, so every worker sees every record), keeps the {@link ModelCatalog} current and asks the
 * {@link ModelHotSwapper} to follow each change. A deleted version is evicted as soon as its
 * deletion is read. {@link #startup()} completes once the topics
 * were read up to their end offsets at start and every followed model's current version was
 * loaded (or failed, and was reported).
 */
public final class ModelEventsFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelEventsFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ModelTopics topics;
    private final ModelCatalog catalog;
    private final ModelHotSwapper swapper;
    private final MessageCodec codec = MessageCodec.instance();
    private final CompletableFuture<Void> startup = new CompletableFuture<>();
    private final Thread thread;
    private volatile String failure;
    private volatile boolean running = true;

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topics the model topics
     * @param clientId the client id
     * @param catalog kept current
     * @param swapper told about every change
     */
    public ModelEventsFollower(KafkaConnection kafka, ModelTopics topics, String clientId, ModelCatalog catalog,
            ModelHotSwapper swapper) {
        this.topics = topics;
        this.catalog = catalog;
        this.swapper = swapper;
        this.consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "baton-model-events");
        this.thread.setDaemon(true);
    }

    /** Starts following. */
    public void start() {
        thread.start();
    }

    /** @return completes when the current versions at start-up are loaded (or reported failed) */
    public CompletableFuture<Void> startup() {
        return startup;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.all()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            boolean caughtUp = false;
            while (running) {
                Set<String> changed = new HashSet<>();
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        apply(record, changed);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (KafkaErrors.isFatal(e)) {
                        throw e;
                    }
                    LOG.warnf("following the model topics: %s; going on", KafkaErrors.describe(e));
                    Thread.sleep(500);
                    continue;
                }
                if (!caughtUp) {
                    caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (caughtUp) {
                        LOG.infof("model topics read: %d models known; loading their current versions",
                                catalog.models().size());
                        swapper.reconcileAll().whenComplete((v, e) -> startup.complete(null));
                    }
                } else {
                    changed.forEach(swapper::reconcile);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = KafkaErrors.describe(e);
            LOG.error("model events follower stopped for good; new versions are not served", e);
            startup.completeExceptionally(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, Set<String> changed) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(topics.published())) {
                ModelPublished published = codec.decode(record.value(), ModelPublished.class);
                catalog.add(published);
                changed.add(published.modelName());
            } else if (record.topic().equals(topics.deletions())) {
                ModelVersionDeleted deleted = codec.decode(record.value(), ModelVersionDeleted.class);
                catalog.remove(deleted);
                swapper.evict(new ModelVersion(deleted.modelName(), deleted.version()));
                changed.add(deleted.modelName());
            } else {
                ModelAliasChanged alias = codec.decode(record.value(), ModelAliasChanged.class);
                catalog.add(alias);
                changed.add(alias.modelName());
            }
        } catch (MessageException e) {
            LOG.warnf("skipping %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /** @return what stopped the follower for good, or empty while it follows */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
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
    }
}
