package dev.baton.gateway.metrics;

import dev.baton.contracts.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * {@code baton_training_queue_depth}: the jobs of {@code baton.training.requests} that the trainers'
 * share group has not finished (waiting, or held by a trainer until it acknowledges them). The
 * gateway exports it because it runs whether or not any trainer does: KEDA scales trainers from zero
 * on it. A background thread reads it from the broker every {@link #REFRESH}, so a scrape never waits
 * for the broker; while the broker cannot tell, the gauge has no value (NaN) rather than a wrong one.
 */
@ApplicationScoped
public class TrainingQueueGauge {
    /** How often the depth is read from the broker. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(TrainingQueueGauge.class);

    private final ShareGroupBacklog backlog;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "training-queue-depth");
        t.setDaemon(true);
        return t;
    });
    private volatile double last = Double.NaN;

    TrainingQueueGauge(Admin admin) {
        this.backlog = new ShareGroupBacklog(admin, Topics.TRAINING_REQUESTS, Topics.TRAINER_SHARE_GROUP, 3_000);
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("baton.training.queue.depth", this, g -> g.last)
                .description("Training jobs the trainers have not finished: waiting, or held by a trainer")
                .register(registry);
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        refresher.shutdownNow();
    }

    private void refresh() {
        try {
            last = backlog.read();
        } catch (ShareGroupBacklog.BacklogUnavailableException e) {
            LOG.debugf("training queue depth unknown: %s", e.getMessage());
            last = Double.NaN;
        } catch (RuntimeException e) {
            LOG.warn("reading the training queue depth failed", e);
            last = Double.NaN;
        }
    }
}
