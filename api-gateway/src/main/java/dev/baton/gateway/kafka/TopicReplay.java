package dev.baton.gateway.kafka;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.BatonMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * group: each replica (and each restart) assigns itself all partitions and replays the whole
 * topic, so every replica shows the same state. Unreadable records are logged and skipped.
 *
 * @param <T> the message type
 */
public final class TopicReplay<T extends BatonMessage> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicReplay.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Class<T> type;
    private final Consumer<T> view;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topic the topic to replay
     * @param type its message type
     * @param view what applies each message
     */
    public TopicReplay(String bootstrapServers, String topic, Class<T> type, Consumer<T> view) {
        this.topic = topic;
        this.type = type;
        this.view = view;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "baton-gateway-replay-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "replay-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts replaying in the background. */
    public void start() {
        thread.start();
    }

    /** @return whether every event present at start-up has been applied */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** @return whether it caught up within the time */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!isCaughtUp() && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.infof("caught up with %s", topic);
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("stopped replaying " + topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            view.accept(MessageCodec.instance().decode(record.value(), type));
        } catch (MessageException e) {
            LOG.warnf("skipping unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
