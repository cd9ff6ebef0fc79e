package dev.baton.gateway.metrics;

import dev.baton.contracts.topics.Topics;
import dev.baton.service.kafka.KafkaConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * The training queue as the trainers' share group sees it, read from the broker every {@link #REFRESH}
 * by a background thread, so a scrape never waits for the broker:
 * <ul>
 *   <li>{@code baton_training_queue_depth}: the jobs of {@code baton.training.requests} that the share
 *       group has not finished (waiting, or held by a trainer until it acknowledges them);</li>
 *   <li>{@code baton_training_queue_oldest_age_seconds}: how long ago the oldest of them was queued
 *       (0 when the queue is empty; the record at the share group's start offset, which may trail a
 *       job that just finished, so never younger than the true oldest). It grows while a job is stuck
 *       even when the depth does not, which is what the stuck-job alert pages on.</li>
 * </ul>
 * The gateway exports them because it runs whether or not any trainer does: KEDA scales trainers from
 * zero on the depth. While the broker cannot tell, both gauges have no value (NaN) rather than a wrong
 * one, and an alert says the queue is unknown.
 */
@ApplicationScoped
public class TrainingQueueGauge {
    /** How often the queue is read from the broker. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(TrainingQueueGauge.class);

    private final ShareGroupBacklog backlog;
    private final KafkaConnection kafka;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "training-queue-depth");
        t.setDaemon(true);
        return t;
    });
    private QueueHead head;
    private volatile double depth = Double.NaN;
    private volatile double oldestAgeSeconds = Double.NaN;

    TrainingQueueGauge(Admin admin, KafkaConnection kafka) {
        this.backlog = new ShareGroupBacklog(admin, Topics.TRAINING_REQUESTS, Topics.TRAINER_SHARE_GROUP, 3_000);
        this.kafka = kafka;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("baton.training.queue.depth", this, g -> g.depth)
                .description("Training jobs the trainers have not finished: waiting, or held by a trainer")
                .register(registry);
        Gauge.builder("baton.training.queue.oldest.age", this, g -> g.oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest training job the trainers have not finished (0 when none)")
                .register(registry);
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        refresher.shutdownNow();
        try {
            if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the training queue reader did not stop in 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (head != null) {
            head.close();
        }
    }

    private void refresh() {
        try {
            ShareGroupBacklog.Backlog now = backlog.read();
            depth = now.records();
            if (now.heads().isEmpty()) {
                oldestAgeSeconds = 0;
                return;
            }
            if (head == null) {
                head = new QueueHead(kafka, Duration.ofSeconds(3));
            }
            Optional<Instant> oldest = head.oldest(now.heads());
            oldestAgeSeconds = oldest.map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0))
                    .orElse(Double.NaN);
        } catch (ShareGroupBacklog.BacklogUnavailableException e) {
            LOG.debugf("training queue unknown: %s", e.getMessage());
            unknown();
        } catch (RuntimeException e) {
            LOG.warn("reading the training queue failed", e);
            unknown();
        }
    }

    private void unknown() {
        depth = Double.NaN;
        oldestAgeSeconds = Double.NaN;
    }
}
