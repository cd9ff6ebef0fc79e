package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.topics.Topics;
import dev.baton.gateway.GatewaySettings;
import dev.baton.service.health.BackgroundHealth;
import dev.baton.service.kafka.KafkaConnection;
import dev.baton.service.kafka.TopicReplay;
import dev.baton.gateway.metrics.ModelAccuracyGauges;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Replays {@code baton.training.events} into the {@link JobView} (and the per-version accuracy
 * gauges) from the beginning after provisioning (start-up waits for it to catch up); ready once it has
 * and while the replay runs (a stopped replay also fails liveness through {@link BackgroundHealth}).
 */
@Readiness
@ApplicationScoped
public class JobViewLifecycle implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(JobViewLifecycle.class);

    private final JobView view;
    private final ModelAccuracyGauges accuracy;
    private final KafkaConnection kafka;
    private volatile TopicReplay<TrainingEvent> replay;

    JobViewLifecycle(JobView view, ModelAccuracyGauges accuracy, KafkaConnection kafka) {
        this.view = view;
        this.accuracy = accuracy;
        this.kafka = kafka;
    }

    void start(@Observes @Priority(10) StartupEvent event, GatewaySettings settings, BackgroundHealth health)
            throws InterruptedException {
        replay = new TopicReplay<>(kafka, Topics.TRAINING_EVENTS, TrainingEvent.class, e -> {
            view.apply(e);
            accuracy.record(e);
        }, "baton-gateway-replay-" + Topics.TRAINING_EVENTS);
        health.watch("replay " + Topics.TRAINING_EVENTS, replay::failure);
        replay.start();
        if (!replay.awaitCaughtUp(settings.jobViewStartupWait())) {
            LOG.warnf("the job view has not caught up after %s; not ready until it has", settings.jobViewStartupWait());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (replay != null) {
            replay.close();
        }
    }

    @Override
    public HealthCheckResponse call() {
        TopicReplay<TrainingEvent> current = replay;
        if (current != null && current.failure().isPresent()) {
            return HealthCheckResponse.named("job-view").down().withData("stopped", current.failure().get()).build();
        }
        return HealthCheckResponse.named("job-view").status(current != null && current.isCaughtUp()).build();
    }
}
