package dev.baton.inference.serving;

import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.KafkaErrors;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes inference requests from Kafka in a consumer group and hands each to the
 * {@link RequestHandler}. At most {@code maxInFlight} requests are unanswered at any time
 * (back-pressure); offsets are committed every {@code commitInterval} up to the lowest
 * unanswered request of each partition, so a crash redelivers rather than loses requests.
 * A request whose result could not be published even after the producer's retries is never
 * committed past either: it is redelivered after a restart. On shutdown it stops polling, waits for the requests in flight, commits and leaves the group.
 * Errors are sorted as in Kafka's example consumer ({@link KafkaErrors}): a retriable one is logged
 * and polling goes on; a fatal one ends the loop and is reported by {@link #failure()}. A lost
 * partition is forgotten without a commit; offsets count as committed only once the broker confirms.
 */
public final class RequestConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    /** How long the group waits for a silent worker before handing its partitions to the others. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final RequestHandler handler;
    private final InferenceMetrics metrics;
    private final AutoCloseable consumerMetrics;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final long commitIntervalNanos;
    private final Duration drainTimeout;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    /**
     * @param kafka the Kafka cluster and how to authenticate
     * @param topic the requests topic
     * @param group the consumer group
     * @param clientId the client id
     * @param handler serves each request
     * @param maxInFlight unanswered requests at most
     * @param commitInterval how often offsets are committed
     * @param drainTimeout how long shutdown waits for requests in flight
     * @param metrics counts undelivered results
     */
    public RequestConsumer(KafkaConnection kafka, String topic, String group, String clientId, RequestHandler handler,
            int maxInFlight, Duration commitInterval, Duration drainTimeout, InferenceMetrics metrics) {
        this.topic = topic;
        this.handler = handler;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.commitIntervalNanos = commitInterval.toNanos();
        this.drainTimeout = drainTimeout;
        this.consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // latency: the broker answers a fetch as soon as one request is there (the client's
                // default, explicit because a larger value would hold requests up to fetch.max.wait.ms)
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, maxInFlight)),
                // failover: the requests a killed worker held go to the others (or its restart) after this,
                // not after the client's default 45 s; heartbeats come from the client's own thread
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 4)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumerMetrics = metrics.bindConsumer(consumer);
        this.thread = new Thread(this::run, "baton-request-consumer");
        this.thread.setDaemon(true);
    }

    /** Starts consuming. */
    public void start() {
        thread.start();
    }

    /** @return requests taken and not yet answered */
    public int unanswered() {
        return offsets.unanswered();
    }

    /** @return requests whose result could not be published, waiting for redelivery after a restart */
    public int undelivered() {
        return offsets.undelivered();
    }

    /**
     * @return what stopped the consumer for good (a fatal Kafka error or a JVM {@link Error}), or
     *     empty while it consumes; the worker is then neither ready nor live
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(true);
                partitions.forEach(offsets::forget);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // Someone else owns them now: a commit would fail; their requests are redelivered there.
                LOG.warnf("requests: lost %s", partitions);
                partitions.forEach(offsets::forget);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.infof("requests: assigned %s", partitions);
            }
        });
        try {
            consume();
            drain();
            commit(true);
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = KafkaErrors.describe(e);
            LOG.error("the request consumer stopped for good; the worker reports itself not live", e);
        } finally {
            try {
                consumerMetrics.close();
            } catch (Exception e) {
                LOG.debugf("closing the request consumer's metrics: %s", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Polls until closed; a retriable error is logged and polling goes on, a fatal one ends it. */
    private void consume() throws InterruptedException {
        long lastCommit = System.nanoTime();
        while (running) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        commitIfDue(lastCommit);
                    }
                    dispatch(record);
                }
                if (System.nanoTime() - lastCommit >= commitIntervalNanos) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (KafkaErrors.isFatal(e)) {
                    throw e;
                }
                LOG.warnf("polling requests: %s; going on", KafkaErrors.describe(e));
                Thread.sleep(500);
            }
        }
    }

    private void commitIfDue(long lastCommit) {
        if (System.nanoTime() - lastCommit >= commitIntervalNanos) {
            commit(false);
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.taken(partition, record.offset());
        long taken = System.nanoTime();
        String fallback = "p" + record.partition() + "-o" + record.offset();
        try {
            handler.handle(record.key(), record.value(), fallback, taken, failure -> {
                if (failure == null) {
                    offsets.answered(partition, record.offset());
                } else {
                    offsets.undelivered(partition, record.offset());
                    metrics.undelivered();
                    LOG.errorf("the result of request %s (%s) is not published: offsets of %s are not committed past "
                            + "it, so it is redelivered after a restart", fallback, record.key(), partition);
                }
                inFlight.release();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "request %s could not be handled; it is redelivered after a restart", fallback);
            offsets.undelivered(partition, record.offset());
            metrics.undelivered();
            inFlight.release();
        }
    }

    private void drain() throws InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warnf("%d requests still unanswered after %s; they will be redelivered", offsets.unanswered(), drainTimeout);
        } else {
            inFlight.release(maxInFlight);
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> due = offsets.toCommit();
        if (due.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                consumer.commitSync(due);
                offsets.committed(due);
            } else {
                consumer.commitAsync(due, (committed, e) -> {
                    if (e != null) {
                        LOG.warnf("offset commit failed (offered again at the next commit): %s", e.getMessage());
                    } else {
                        offsets.committed(committed);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("offset commit failed: %s", e.getMessage());
        }
    }

    /** Stops polling, waits for requests in flight, commits and leaves the group. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(drainTimeout.toMillis() + 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
