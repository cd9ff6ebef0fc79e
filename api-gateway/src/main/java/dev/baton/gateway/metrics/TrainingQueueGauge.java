package dev.baton.gateway.metrics;

import dev.baton.contracts.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * {@code baton_training_queue_depth}: the jobs of {@code baton.training.requests} that the trainers'
 * share group has not finished (waiting, or held by a trainer until it acknowledges them). The
 * gateway exports it because it runs whether or not any trainer does: KEDA scales trainers from zero
 * on it. A reading is at most {@link #MAX_AGE} old, so scrapes do not each ask the broker; while the
 * broker cannot tell, the gauge has no value (NaN) rather than a wrong one.
 */
@ApplicationScoped
public class TrainingQueueGauge {
    /** How long one reading is reused. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(TrainingQueueGauge.class);

    private final ShareGroupBacklog backlog;
    private volatile double last = Double.NaN;
    private volatile long readAt;

    TrainingQueueGauge(Admin admin) {
        this.backlog = new ShareGroupBacklog(admin, Topics.TRAINING_REQUESTS, Topics.TRAINER_SHARE_GROUP, 3_000);
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("baton.training.queue.depth", this, TrainingQueueGauge::depth)
                .description("Training jobs the trainers have not finished: waiting, or held by a trainer")
                .register(registry);
    }

    synchronized double depth() {
        if (System.nanoTime() - readAt < MAX_AGE.toNanos()) {
            return last;
        }
        try {
            last = backlog.read();
        } catch (ShareGroupBacklog.BacklogUnavailableException e) {
            LOG.debugf("training queue depth unknown: %s", e.getMessage());
            last = Double.NaN;
        }
        readAt = System.nanoTime();
        return last;
    }
}
